package org.arvados.maven.image;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline with packer 1.10+ plugins and with an Azure gallery, driven through the packer stand-in
 * (STANDIN_VERSION plays a packer newer than Debian's 1.6.6, which is all that can be installed here).
 */
class PluginAndGalleryPipelineTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:30:05Z");
    private static final String AZURE_IMAGE = "/subscriptions/aaaaaaaa-2222-3333-4444-555555555555/resourceGroups/"
            + "arvados-images/providers/Microsoft.Compute/images/zzzzz-compute-v1764581405";

    @TempDir
    Path dir;
    private final RecordingLog log = new RecordingLog();

    private Path packer(String... settings) throws IOException {
        return Fixtures.standInPacker(dir, dir.resolve("standin"), settings);
    }

    private ImagePipeline.Outcome run(CloudImage cloud, Path packer) throws IOException {
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).build(), cloud, null, dir.resolve("target/arvados"),
                dir.resolve("arvados-images.json"), packer.toString(), false, false, false, Duration.ofMinutes(5),
                Duration.ofMinutes(1));
        return new ImagePipeline(Clock.fixed(NOW, ZoneOffset.UTC)).run(request, log);
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("standin/calls"));
    }

    @Test
    void packer111InstallsThePinRecordsItAndRebuildsWhenThePinChanges() throws IOException {
        Path packer = packer("STANDIN_VERSION=1.11.2");
        Path plugins = dir.resolve("target/arvados/" + ImagePipeline.PLUGIN_FOLDER + "/github.com/hashicorp/amazon");

        ImagePipeline.Outcome first = run(new AwsImage(Fixtures.aws().build()), packer);

        assertThat(first.status()).isEqualTo(ImagePipeline.Status.BUILT);
        assertThat(first.record().packerPlugin()).isEqualTo("github.com/hashicorp/amazon v1.3.10");
        assertThat(first.record().packerVersion()).isEqualTo("1.11.2");
        assertThat(plugins.resolve("packer-plugin-amazon_v1.3.10_x5.0_linux_amd64")).exists();
        assertThat(calls()).containsSubsequence("plugins install github.com/hashicorp/amazon v1.3.10", "validate", "build");
        assertThat(Files.readString(first.rendered().template())).contains("\"imds_support\" : \"v2.0\"");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN packer"));
        assertThat(Files.readAllLines(dir.resolve("standin/env")))
                .contains("PACKER_PLUGIN_PATH=" + dir.resolve("target/arvados/" + ImagePipeline.PLUGIN_FOLDER));

        assertThat(run(new AwsImage(Fixtures.aws().build()), packer).status()).isEqualTo(ImagePipeline.Status.UP_TO_DATE);

        ImagePipeline.Outcome repinned = run(new AwsImage(Fixtures.aws()
                .with(AwsSettings::pluginVersion, "1.3.11").build()), packer);
        assertThat(repinned.status()).isEqualTo(ImagePipeline.Status.BUILT);
        assertThat(repinned.record().packerPlugin()).isEqualTo("github.com/hashicorp/amazon v1.3.11");
        assertThat(repinned.record().inputsHash()).isNotEqualTo(first.record().inputsHash());
        assertThat(plugins.resolve("packer-plugin-amazon_v1.3.11_x5.0_linux_amd64")).exists();
        assertThat(plugins.resolve("packer-plugin-amazon_v1.3.10_x5.0_linux_amd64")).doesNotExist();
    }

    @Test
    void aFailedPluginInstallStopsBeforeValidateAndNamesThePin() throws IOException {
        Path packer = packer("STANDIN_VERSION=1.11.2", "STANDIN_PLUGIN_INSTALL_FAIL=1");

        assertThatThrownBy(() -> run(new AwsImage(Fixtures.aws().build()), packer))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("`packer plugins install github.com/hashicorp/amazon v1.3.10` failed")
                .hasMessageContaining("<aws><pluginVersion> (arvados.aws.pluginVersion)");
        assertThat(calls()).doesNotContain("validate", "build");
        assertThat(dir.resolve("arvados-images.json")).doesNotExist();
    }

    @Test
    void packer166SaysWhatTheImageLacksAndRecordsNoPlugin() throws IOException {
        ImagePipeline.Outcome outcome = run(new AwsImage(Fixtures.aws().build()), packer());

        assertThat(outcome.record().packerPlugin()).isNull();
        assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN packer 1.6.6 cannot mark the AMI IMDSv2-only"))
                .anyMatch(line -> line.startsWith("WARN packer 1.6.6 makes the build's temporary key pair RSA"));
        assertThat(calls()).noneMatch(call -> call.startsWith("plugins"));
    }

    @Test
    void anAzureGalleryVersionIsRecordedWithTheManagedImage() throws IOException {
        Path secrets = Files.writeString(dir.resolve("azure.env"), "export ARM_CLIENT_ID=11111111-2222-3333-4444-555555555555\n"
                + "export ARM_CLIENT_SECRET='not-a-real-secret'\n"
                + "export ARM_SUBSCRIPTION_ID=aaaaaaaa-2222-3333-4444-555555555555\n"
                + "export ARM_TENANT_ID=bbbbbbbb-2222-3333-4444-555555555555\n");
        AzureImage cloud = new AzureImage(Fixtures.azure().with(AzureSettings::secretsFile, secrets)
                .with(AzureSettings::gallery, new AzureGallery("arvados_images",
                "arvados-gallery", "zzzzz-compute", List.of("westeurope", "eastus"))).build());

        ImagePipeline.Outcome outcome = run(cloud, packer("STANDIN_ARTIFACT_ID='" + AZURE_IMAGE + "'",
                "STANDIN_BUILDER_ID=Azure.ResourceManagement.VMImage", "STANDIN_BUILD_NAME=azure-arm"));

        ImageRecord record = Ledger.read(dir.resolve("arvados-images.json")).images().get(0);
        assertThat(record.imageId()).isEqualTo("zzzzz-compute-v1764581405");
        assertThat(record.gallery()).isEqualTo(new ImageRecord.Gallery("arvados_images", "arvados-gallery",
                "zzzzz-compute", "2026.1201.93005", List.of("eastus", "westeurope")));
        assertThat(Ledger.readRecord(dir.resolve("target/arvados/azure-image.json"))).isEqualTo(record);
        assertThat(Files.readString(dir.resolve("standin/varfile.json")))
                .contains("\"azure_gallery_image_version\" : \"2026.1201.93005\"");
        assertThat(outcome.record()).isEqualTo(record);
    }
}
