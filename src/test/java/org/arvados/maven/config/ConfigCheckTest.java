package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeySpec;
import org.arvados.maven.keys.KeyType;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * check-config: a config.yml laid out like Arvados' own (two clusters, comments, flow mappings) against the image
 * its ImageID names; each mismatch alone fails with its own line, and the clean file passes.
 */
class ConfigCheckTest {
    private static final String AMI = "ami-0444444444444444d";
    private static final String COPY = "ami-0555555555555555e";

    @TempDir
    Path dir;
    private Path key;
    private Path ledger;
    private String fingerprint;

    @BeforeEach
    void keyAndLedger() throws Exception {
        key = dir.resolve("id_dispatcher");
        fingerprint = new DispatcherKeys().ensure(new KeySpec(key, KeyType.ED25519, 0, "dispatcher@zzzzz",
                Optional.of("zzzzz")), BuildLog.SILENT).fingerprint();
        ledger = dir.resolve("arvados-images.json");
        record(builtWith());
    }

    private static final ImageRecord.Cloudtest PASSED = cloudtest(true, "2026-11-26T10:00:00Z");

    private static ImageRecord.Cloudtest cloudtest(boolean passed, String at) {
        return new ImageRecord.Cloudtest(passed, Instant.parse(at), 240, null,
                passed ? List.of() : List.of("level=error msg=\"timed out\""));
    }

    /** The image, tried with cloudtest as {@code cloudtests} say (the clean case: it passed). */
    private void record(ImageRecord.BuiltWith builtWith, ImageRecord.Cloudtest... cloudtests) throws IOException {
        Files.deleteIfExists(ledger);
        Ledger.read(ledger).append(new ImageRecord("aws", "zzzzz", AMI, "us-east-1",
                Map.of("us-east-1", AMI, "eu-west-1", COPY), "eu-west-1:" + COPY + ",us-east-1:" + AMI,
                Instant.parse("2026-11-25T10:00:00Z"), "1.6.6", "sha256:1", "t.json", null, null, builtWith, null,
                List.of(cloudtests), List.of(), List.of(), null));
    }

    private void record(ImageRecord.BuiltWith builtWith) throws IOException {
        record(builtWith, PASSED);
    }

    private ImageRecord.BuiltWith builtWith() {
        return new ImageRecord.BuiltWith("crunch", 2222, "docker", false, false, "disks", fingerprint, null);
    }

    /** Every value agrees with the recorded image. */
    private String clean() {
        return """
                # Arvados cluster configuration (comments and flow mappings as operators write them).
                Clusters:
                  yyyyy:
                    Containers: {RuntimeEngine: singularity}
                  zzzzz:
                    Containers:
                      RuntimeEngine: docker   # the default, said
                      DispatchPrivateKey: "file://%s"
                      CloudVMs:
                        ImageID: %s
                        SSHPort: "2222"
                        Driver: ec2
                        DriverParameters:
                          Region: us-east-1
                          AdminUsername: crunch
                    InstanceTypes:
                      m5large: {ProviderType: m5.large, VCPUs: 2, RAM: 8GiB, AddedScratch: 50GB, Price: 0.096}
                """.formatted(key, AMI);
    }

    private Path config(String text) throws IOException {
        return Files.writeString(dir.resolve("config.yml"), text);
    }

    private void verify(String text) throws IOException {
        ConfigCheck.verify(config(text), "zzzzz", ledger, false, BuildLog.SILENT);
    }

    @Test
    void aConfigThatAgreesPassesAndChangesNothing() throws Exception {
        RecordingLog log = new RecordingLog();
        Path config = config(clean());

        ConfigCheck.verify(config, "zzzzz", ledger, false, log);

        assertThat(Files.readString(config)).isEqualTo(clean());
        assertThat(log.messages("INFO")).containsExactly(config + " (cluster zzzzz) agrees with image " + AMI
                + " (built 2026-11-25T10:00:00Z).");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what is changed                          | into                        | the one line the error has
        "ImageID: ami-0444444444444444d            | ImageID: ami-0999999999999999f | Clusters.zzzzz.Containers.CloudVMs.ImageID: ami-0999999999999999f is no image of cluster zzzzz for aws",
        "Region: us-east-1                         | Region: us-west-2            | Clusters.zzzzz.Containers.CloudVMs.DriverParameters.Region: config.yml has us-west-2, but image ami-0444444444444444d has copies only in eu-west-1, us-east-1",
        "Region: us-east-1                         | Region: eu-west-1            | Clusters.zzzzz.Containers.CloudVMs.ImageID: config.yml has ami-0444444444444444d, but the copy in the dispatcher's Region eu-west-1 is ami-0555555555555555e",
        "AdminUsername: crunch                     | AdminUsername: arvados       | Clusters.zzzzz.Containers.CloudVMs.DriverParameters.AdminUsername: config.yml has arvados, the image has crunch",
        "SSHPort: \"2222\"                         | SSHPort: \"22\"              | Clusters.zzzzz.Containers.CloudVMs.SSHPort: config.yml has 22, the image has 2222",
        "RuntimeEngine: docker   # the default, said | RuntimeEngine: singularity | Clusters.zzzzz.Containers.RuntimeEngine: config.yml has singularity, the image has docker",
    })
    void eachMismatchAloneFailsWithItsOwnLine(String from, String to, String line) throws Exception {
        String text = clean().replace(from.strip(), to.strip());
        assertThat(text).isNotEqualTo(clean());

        assertThatThrownBy(() -> verify(text)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().skip(1).toList()).containsExactly("  " + line
                        + (line.contains("is no image") ? " in the ledger " + ledger + " (its latest is " + AMI + ")" : "")));
    }

    @Test
    void theDefaultsArvadosTakesForMissingKeysAreCompared() throws Exception {
        String text = clean().replace("        SSHPort: \"2222\"\n", "");

        assertThatThrownBy(() -> verify(text)).hasMessageEndingWith(
                "Clusters.zzzzz.Containers.CloudVMs.SSHPort: config.yml has 22 (Arvados' default), the image has 2222");
    }

    @Test
    void anotherDispatchKeyFails() throws Exception {
        Path other = dir.resolve("other");
        String otherFingerprint = new DispatcherKeys().ensure(new KeySpec(other, KeyType.ED25519, 0, "other",
                Optional.of("zzzzz")), BuildLog.SILENT).fingerprint();

        assertThatThrownBy(() -> verify(clean().replace("file://" + key, "file://" + other)))
                .hasMessageEndingWith("Clusters.zzzzz.Containers.DispatchPrivateKey: config.yml's key is " + otherFingerprint
                        + ", the image lets in " + fingerprint);
    }

    @Test
    void anInlineKeyIsCheckedAndNeverShown() throws Exception {
        String pem = Files.readString(key);
        String inline = clean().replace("\"file://" + key + "\"", "|\n        " + pem.strip().replace("\n", "\n        "));

        verify(inline);
        Path other = dir.resolve("other");
        new DispatcherKeys().ensure(new KeySpec(other, KeyType.ED25519, 0, "other", Optional.of("zzzzz")), BuildLog.SILENT);
        String otherPem = Files.readString(other);
        String wrong = clean().replace("\"file://" + key + "\"", "|\n        " + otherPem.strip().replace("\n", "\n        "));
        assertThatThrownBy(() -> verify(wrong)).satisfies(e -> assertThat(e.getMessage())
                .contains("DispatchPrivateKey: config.yml's key is SHA256:")
                .doesNotContain(otherPem.lines().skip(1).findFirst().orElseThrow()));
    }

    @Test
    void anUnreadableKeyFileIsAWarningNotAMismatch() throws Exception {
        RecordingLog log = new RecordingLog();
        Path config = config(clean().replace("file://" + key, "file:///etc/arvados/not-here"));

        ConfigCheck.verify(config, "zzzzz", ledger, false, log);

        assertThat(log.messages("WARN")).containsExactly("Clusters.zzzzz.Containers.DispatchPrivateKey names "
                + "/etc/arvados/not-here, which cannot be read here: its fingerprint is not checked.");
    }

    @Test
    void aGpuInstanceTypeNeedsAnImageWithNvidiaSupport() throws Exception {
        String gpu = clean() + "      g4dn: {ProviderType: g4dn.xlarge, VCPUs: 4, RAM: 16GiB, Price: 0.5, "
                + "GPU: {Stack: cuda, DeviceCount: 1, HardwareTarget: \"7.5\", DriverVersion: \"12.0\", VRAM: 16GiB}}\n";

        assertThatThrownBy(() -> verify(gpu)).hasMessageEndingWith("Clusters.zzzzz.InstanceTypes.g4dn.GPU: a GPU instance"
                + " type (DeviceCount 1) needs an image built with nvidiaGpuSupport, and " + AMI + " was built without it");
        record(new ImageRecord.BuiltWith("crunch", 2222, "docker", true, false, "disks", fingerprint, null));
        verify(gpu);
    }

    /** Arvados' own layout: every type has a GPU section, DeviceCount 0 where it has no GPU (Arvados skips those). */
    @Test
    void aGpuSectionWithNoDevicesIsNoGpuType() throws Exception {
        String layout = clean() + """
                      m5xlarge:
                        ProviderType: m5.xlarge
                        VCPUs: 4
                        RAM: 16GiB
                        Price: 0.192
                        GPU:
                          Stack: ""
                          DriverVersion: ""
                          HardwareTarget: ""
                          DeviceCount: 0
                          VRAM: 0
                      c5large: {ProviderType: c5.large, VCPUs: 2, RAM: 4GiB, Price: 0.085, GPU: {}}
                      t3large: {ProviderType: t3.large, VCPUs: 2, RAM: 8GiB, Price: 0.083, CUDA: {DeviceCount: 0}}
                """;

        verify(layout);
        String oneGpu = layout.replace("Stack: \"\"", "Stack: cuda").replace("DeviceCount: 0\n", "DeviceCount: 1\n");
        assertThatThrownBy(() -> verify(oneGpu)).hasMessageEndingWith("Clusters.zzzzz.InstanceTypes.m5xlarge.GPU: a GPU"
                + " instance type (DeviceCount 1) needs an image built with nvidiaGpuSupport, and " + AMI
                + " was built without it");
    }

    @Test
    void anEbsAutoscaleImageNeedsItsInstanceProfileAndNoAddedScratch() throws Exception {
        record(new ImageRecord.BuiltWith("crunch", 2222, "docker", false, true, "ebs-autoscale", fingerprint, "arvados-workers"));

        assertThatThrownBy(() -> verify(clean())).satisfies(e -> assertThat(e.getMessage().lines().skip(1).toList())
                .containsExactly("  Clusters.zzzzz.Containers.CloudVMs.DriverParameters.IAMInstanceProfile is not set, but "
                                + AMI + " has the EBS autoscaler, which needs an instance profile that may create and attach volumes",
                        "  Clusters.zzzzz.InstanceTypes.m5large.AddedScratch: config.yml has 50GB, but " + AMI
                                + " has the EBS autoscaler (give IncludedScratch and no AddedScratch)"));
        verify(clean().replace("          AdminUsername: crunch\n",
                        "          AdminUsername: crunch\n          IAMInstanceProfile: arvados-workers\n")
                .replace("AddedScratch: 50GB", "IncludedScratch: 16TB"));
    }

    /**
     * An Azure image recorded without builtWith.scratch was built before its scratch space took the resource disk,
     * the disk an Azure size's IncludedScratch is: it keeps /tmp on the OS disk. A size without one (0) is fine.
     */
    @Test
    void anAzureImageBuiltBeforeItsScratchTookTheResourceDiskCannotGiveIncludedScratch() throws Exception {
        String image = "zzzzz-compute-v1767225600";
        String azure = """
                Clusters:
                  zzzzz:
                    Containers:
                      DispatchPrivateKey: "file://%s"
                      CloudVMs:
                        ImageID: %s
                        SSHPort: "2222"
                        Driver: azure
                        DriverParameters: {AdminUsername: crunch}
                    InstanceTypes:
                      D4dsv5: {ProviderType: Standard_D4ds_v5, VCPUs: 4, RAM: 16GiB, IncludedScratch: 150GB, Price: 0.226}
                      D4sv5: {ProviderType: Standard_D4s_v5, VCPUs: 4, RAM: 16GiB, IncludedScratch: 0, Price: 0.192}
                """.formatted(key, image);
        azureRecord(image, new ImageRecord.BuiltWith("crunch", 2222, "docker", false, false, null, fingerprint, null));

        assertThatThrownBy(() -> verify(azure)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().skip(1).toList()).containsExactly(
                        "  Clusters.zzzzz.InstanceTypes.D4dsv5.IncludedScratch: config.yml has 150GB, but image " + image
                                + " keeps /tmp on the OS disk: it was built before the plugin's scratch space took"
                                + " Azure's resource disk (its ledger entry has no builtWith.scratch); rebuild the image"));
        azureRecord(image, new ImageRecord.BuiltWith("crunch", 2222, "docker", false, false, "disks", fingerprint, null));
        verify(azure);
    }

    private void azureRecord(String image, ImageRecord.BuiltWith builtWith) throws IOException {
        Files.deleteIfExists(ledger);
        Ledger.read(ledger).append(new ImageRecord("azure", "zzzzz", image, "eastus", Map.of(),
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/" + image,
                Instant.parse("2026-11-25T10:00:00Z"), "1.6.6", "sha256:1", "t.json", null, null, builtWith, null,
                List.of(PASSED), List.of(), List.of(), null));
    }

    @Test
    void anEntryOfAnEarlierVersionChecksOnlyTheImageAndSaysWhy() throws Exception {
        record(null);
        RecordingLog log = new RecordingLog();

        ConfigCheck.verify(config(clean().replace("AdminUsername: crunch", "AdminUsername: arvados")), "zzzzz", ledger, false, log);

        assertThat(log.messages("WARN")).singleElement().asString().contains("was written by an earlier plugin version");
    }

    /** The ledger as one writes it by hand (it is committed): everything the clean config.yml agrees with. */
    private String handWrittenLedger() {
        return """
                {
                  "images" : [ {
                    "cloud" : "aws",
                    "clusterId" : "zzzzz",
                    "imageId" : "%s",
                    "region" : "us-east-1",
                    "regions" : { "eu-west-1" : "%s", "us-east-1" : "%s" },
                    "builtAt" : "2026-11-25T10:00:00Z",
                    "inputsHash" : "sha256:1",
                    "builtWith" : {
                      "adminUsername" : "crunch",
                      "sshPort" : 2222,
                      "runtimeEngine" : "docker",
                      "nvidiaGpuSupport" : false,
                      "ebsAutoscale" : false,
                      "keyFingerprint" : "%s"
                    },
                    "cloudtests" : [ { "passed" : true, "at" : "2026-11-26T10:00:00Z", "durationSeconds" : 240 } ]
                  } ]
                }
                """.formatted(AMI, COPY, AMI, fingerprint);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "adminUsername    | \"adminUsername\": \"crunch\"",
        "sshPort          | \"sshPort\": 22",
        "runtimeEngine    | \"runtimeEngine\": \"docker\"",
        "nvidiaGpuSupport | \"nvidiaGpuSupport\": false",
        "ebsAutoscale     | \"ebsAutoscale\": false",
    })
    void anEntryWhoseBuiltWithLacksAFieldIsNamedWithTheField(String field, String example) throws Exception {
        Files.writeString(ledger, handWrittenLedger());
        verify(clean());
        String damaged = handWrittenLedger().lines().filter(line -> !line.contains("\"" + field + "\""))
                .collect(java.util.stream.Collectors.joining("\n"));
        Files.writeString(ledger, damaged);

        assertThatThrownBy(() -> verify(clean())).isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledger + " (arvados.ledgerFile): entry 1 (image " + AMI + ", built"
                        + " 2026-11-25T10:00:00Z) has no builtWith." + field + ": add it as the image was built (e.g. "
                        + example + "), or restore the file from version control.");
    }

    @Test
    void aCopyWithoutAnImageIdIsNamed() throws Exception {
        Files.writeString(ledger, handWrittenLedger().replace("\"us-east-1\" : \"" + AMI + "\"", "\"us-east-1\" : null"));

        assertThatThrownBy(() -> verify(clean())).isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledger + " (arvados.ledgerFile): entry 1 (image " + AMI + ", built"
                        + " 2026-11-25T10:00:00Z) has no regions.us-east-1: add it as the image was built (e.g."
                        + " \"us-east-1\": \"ami-...\"), or restore the file from version control.");
    }

    @Test
    void theOnlyClusterIsTakenAndSeveralNeedAClusterId() throws Exception {
        Path config = config(clean());
        assertThatThrownBy(() -> ConfigCheck.verify(config, null, ledger, false, BuildLog.SILENT))
                .hasMessageContaining("has clusters yyyyy, zzzzz under Clusters: set <clusterId>");
        String single = clean().replace("  yyyyy:\n    Containers: {RuntimeEngine: singularity}\n", "");
        ConfigCheck.verify(config(single), null, ledger, false, BuildLog.SILENT);
    }

    @Test
    void anImageWhoseLatestCloudtestFailedIsRefusedUntilARunPasses() throws Exception {
        record(builtWith(), PASSED, cloudtest(false, "2026-11-27T10:00:00Z"));

        assertThatThrownBy(() -> verify(clean())).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().skip(1).toList()).containsExactly(
                        "  Clusters.zzzzz.Containers.CloudVMs.ImageID: image " + AMI + " failed its latest cloudtest"
                                + " (2026-11-27T10:00:00Z, ledger " + ledger + " entry built 2026-11-25T10:00:00Z);"
                                + " fix it and run arvados:cloudtest until it passes, or use another image"));
        record(builtWith(), cloudtest(false, "2026-11-27T10:00:00Z"), cloudtest(true, "2026-11-28T10:00:00Z"));
        verify(clean());
    }

    @Test
    void anImageNeverTriedIsAWarningAndWithRequireCloudtestAMismatch() throws Exception {
        record(builtWith(), new ImageRecord.Cloudtest[0]);
        RecordingLog log = new RecordingLog();
        Path config = config(clean());

        ConfigCheck.verify(config, "zzzzz", ledger, false, log);

        assertThat(log.messages("WARN")).containsExactly("Clusters.zzzzz.Containers.CloudVMs.ImageID: image " + AMI
                + " was never tried with arvados:cloudtest (ledger " + ledger + "): run it before the cluster uses the image.");
        assertThatThrownBy(() -> ConfigCheck.verify(config, "zzzzz", ledger, true, BuildLog.SILENT))
                .hasMessageEndingWith("was never tried with arvados:cloudtest (ledger " + ledger + "); <requireCloudtest>"
                        + " (arvados.requireCloudtest) asks for a passed run");
    }
}
