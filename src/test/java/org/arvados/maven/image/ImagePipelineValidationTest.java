package org.arvados.maven.image;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.Draft;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline's first step: settings and (for a build) credentials problems, all in one error. */
class ImagePipelineValidationTest {
    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    @Test
    void aBuildNamesMissingSettingsAndMissingCredentialsTogether() throws IOException {
        ImageRequest request = request(new AzureImage(Draft.of(AzureSettings.class).build()), false);

        assertThatThrownBy(() -> new ImagePipeline(Clock.systemUTC()).run(request, log))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).hasSize(3))
                .hasMessageContaining("<azure><resourceGroup>").hasMessageContaining("<azure><location>")
                .hasMessageContaining("<azure><secretsFile>").hasMessageContaining("<azure><serverId>");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingSecretsFileIsNamedOnce() throws IOException {
        Path missing = tmp.resolve("no-such.env");
        ImageRequest request = request(new AwsImage(Fixtures.aws()
                .with(AwsSettings::secretsFile, missing).build()), false);

        assertThatThrownBy(() -> new ImagePipeline(Clock.systemUTC()).run(request, log))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).hasSize(1))
                .hasMessageContaining("<aws><secretsFile>");
    }

    @Test
    void dockerIoWithTheTargetArvadosReleaseIsRefusedBeforeAnythingRuns() throws IOException {
        ImageRequest request = new ImageRequest(Fixtures.spec(tmp).with(ImageSpec::dockerSource, "docker.io").build(),
                new AwsImage(Fixtures.aws().build()), null, tmp.resolve("out"),
                tmp.resolve("ledger.json"), "/nonexistent/packer", false, false, false, Duration.ofMinutes(1),
                Duration.ofMinutes(1));

        assertThatThrownBy(() -> new ImagePipeline(Clock.systemUTC()).run(request, log))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).hasSize(1))
                .hasMessageContaining("<dockerSource> (arvados.dockerSource) docker.io cannot run the containers of "
                        + "<arvadosVersion> (arvados.arvadosVersion) '3.2.1'");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("ledger.json")).doesNotExist();
    }

    @Test
    void aDryRunGoesOnWithoutCredentialsAndSaysWhatABuildNeeds() throws IOException {
        ImageRequest request = request(new AzureImage(Fixtures.azure().build()), true);

        ImagePipeline.Outcome outcome = new ImagePipeline(Clock.systemUTC()).run(request, log);

        assertThat(outcome.status()).isEqualTo(ImagePipeline.Status.DRY_RUN);
        assertThat(log.messages("WARN")).anyMatch(w -> w.startsWith("A real build needs credentials") && w.contains("<azure><serverId>"));
        assertThat(Files.exists(outcome.rendered().template())).isTrue();
    }

    private ImageRequest request(CloudImage cloud, boolean dryRun) throws IOException {
        return new ImageRequest(Fixtures.spec(tmp).build(), cloud, null, tmp.resolve("out"), tmp.resolve("ledger.json"),
                "/nonexistent/packer", dryRun, false, false, Duration.ofMinutes(1), Duration.ofMinutes(1));
    }
}
