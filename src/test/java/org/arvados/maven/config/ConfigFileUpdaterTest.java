package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.Immutable;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.config.ConfigFixtures.copy;
import static org.arvados.maven.config.ConfigFixtures.read;
import static org.arvados.maven.config.ConfigFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileUpdaterTest {
    private static final String SECRET = "fixtureSecretAccessKeyValue0123";

    @TempDir
    Path dir;

    @Test
    void dryRunLogsAUnifiedDiffAndWritesNothing() throws IOException {
        Path config = copy("cluster.yml", dir);
        FileTime mtime = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));
        Files.setLastModifiedTime(config, mtime);
        RecordingLog log = new RecordingLog();
        ConfigFixtures.Request request = request(config);
        request.dryRun = true;
        request.backup = true;

        ConfigFileUpdater.Outcome outcome = request.run(log);

        assertThat(outcome.written()).isFalse();
        assertThat(Files.readString(config)).isEqualTo(read("cluster.yml"));
        assertThat(Files.getLastModifiedTime(config)).isEqualTo(mtime);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
        assertThat(outcome.diff()).startsWith("--- " + config + "\n+++ " + config + "\n@@ -29,7 +29,7 @@\n")
                .contains("-        ImageID: ami-0aaaaaaaaaaaaaaa1   # set by hand on 2026-01-12\n"
                        + "+        ImageID: ami-0123456789abcdef0   # set by hand on 2026-01-12\n");
        assertThat(log.lines()).contains(
                "INFO Would change Clusters.zzzzz.Containers.CloudVMs.ImageID: ami-0aaaaaaaaaaaaaaa1 -> ami-0123456789abcdef0",
                "INFO Would change Clusters.zzzzz.Containers.CloudVMs.DriverParameters.AdminUsername: arvados -> crunch",
                "INFO +        ImageID: ami-0123456789abcdef0   # set by hand on 2026-01-12");
    }

    @Test
    void secretsNeverReachTheLogOrTheDiff() throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, read("cluster.yml").replace("# the docs' old default",
                "# the docs' old default\n          AccessKeyID: AKIAFIXTUREFIXTURE\n          SecretAccessKey: " + SECRET));
        RecordingLog log = new RecordingLog();
        ConfigFixtures.Request request = request(config);
        request.dispatchPrivateKey = "file:///etc/arvados/id_dispatcher";
        request.dryRun = true;

        ConfigFileUpdater.Outcome outcome = request.run(log);

        assertThat(outcome.diff()).contains("SecretAccessKey: ****").contains("+        file:///etc/arvados/id_dispatcher");
        for (String text : new String[] {log.all(), outcome.diff()}) {
            assertThat(text).doesNotContain(SECRET, "AKIAFIXTUREFIXTURE", "MIIEowIBAAKCAQEAfixture");
        }
        assertThat(log.all()).contains("DispatchPrivateKey: (a value of 3 lines) -> file:///etc/arvados/id_dispatcher");
    }

    @Test
    void keepsModeAndBacksUpTheBytesAsRead() throws IOException {
        Path config = copy("cluster.yml", dir);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        ConfigFixtures.Request request = request(config);
        request.backup = true;

        ConfigFileUpdater.Outcome outcome = request.run();

        Path backup = dir.resolve("config.yml.bak-20261129T120000Z");
        assertThat(outcome.backup()).contains(backup);
        assertThat(Files.readString(backup)).isEqualTo(read("cluster.yml"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-r-----");
        assertThat(Files.readString(config)).contains("ImageID: ami-0123456789abcdef0");

        // The same second again: a second backup gets its own name.
        request.imageId = "ami-0fedcba9876543210";
        assertThat(request.run().backup()).contains(dir.resolve("config.yml.bak-20261129T120000Z-1"));
    }

    @Test
    void editsTheTargetOfASymlinkAndKeepsTheLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("etc")).resolve("config.yml");
        Files.writeString(real, read("cluster.yml"));
        Path link = Files.createSymbolicLink(dir.resolve("config.yml"), real);

        request(link).run();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("ImageID: ami-0123456789abcdef0");
    }

    @Test
    void azureImageInsertsTheAzureDriverWhereItIsMissing() throws IOException {
        Path config = copy("minimal.yml", dir);
        ConfigFixtures.Request request = request(config);
        request.cloud = "azure";
        request.imageId = "zzzzz-compute-v1767225600";
        request.run();
        assertThat(Files.readString(config)).contains("""
                            CloudVMs:
                                ImageID: zzzzz-compute-v1767225600
                                Driver: azure
                """);
    }

    @Test
    void aConfigThatCannotBeReplacedLeavesNoBackupAndIsUnchanged() throws Exception {
        Path config = copy("cluster.yml", dir);
        byte[] before = Files.readAllBytes(config);
        try (Immutable ignored = Immutable.make(config)) {
            ConfigFixtures.Request request = request(config);
            request.backup = true;
            request.imageId = "ami-0fedcba9876543210";
            assertThatThrownBy(request::run)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Cannot replace " + config.toRealPath())
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(config.getFileName().toString());
        }
    }

    @Test
    void aConfigLargerThanSnakeYamlsDefaultLimitIsEdited() throws IOException {
        Path config = copy("cluster.yml", dir);
        // 4 Mi characters of comments: over SnakeYAML's 3 MiB default, which a large cluster's config can reach.
        Files.writeString(config, Files.readString(config) + ("# " + "x".repeat(1022) + "\n").repeat(4096));
        request(config).run();
        assertThat(Files.readString(config)).contains("ImageID: ami-0123456789abcdef0");
    }

    @Test
    void anImageOfAnotherCloudIsRefusedWithTheFileUnchanged() throws IOException {
        Path config = copy("cluster.yml", dir);
        byte[] before = Files.readAllBytes(config);
        ConfigFixtures.Request request = request(config);
        request.cloud = "azure";
        request.imageId = "zzzzz-compute-v1767225600";
        assertThatThrownBy(request::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Clusters.zzzzz.Containers.CloudVMs.Driver is ec2, but the image is for azure"
                        + " (driver azure); nothing was changed.");
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.contains(".bak"));
        }
    }

    @Test
    void theCloudComesFromTheLedgerWhenItHasOnlyOne() throws IOException {
        Path config = copy("cluster.yml", dir);
        Files.writeString(dir.resolve("arvados-images.json"), read("ledger.json").replace("\"aws\"", "\"gcp\"")
                .replace("ami-0333333333333333c", "arvados-zzzzz-compute-2"));
        RecordingLog log = new RecordingLog();
        ConfigFixtures.Request request = request(config);
        request.cloud = null;
        request.imageId = null;
        request.run(log);
        assertThat(Files.readString(config)).contains("ImageID: arvados-zzzzz-compute-2   #");
        assertThat(log.all()).contains("WARN Arvados' cloud dispatcher has no gcp driver");
    }

    private Path ledgerWith(ImageRecord.BuiltWith builtWith) throws IOException {
        Path ledger = dir.resolve("arvados-images.json");
        Ledger.read(ledger).append(new ImageRecord("aws", "zzzzz", "ami-0444444444444444d", "us-east-1",
                Map.of("us-east-1", "ami-0444444444444444d"), "us-east-1:ami-0444444444444444d",
                Instant.parse("2026-11-25T10:00:00Z"), "1.6.6", "sha256:2222", "t.json", null, null,
                builtWith, null));
        return ledger;
    }

    private ConfigFixtures.Request fromTheLedger(Path config) {
        ConfigFixtures.Request request = request(config);
        request.imageId = null;
        request.adminUsername = null;
        return request;
    }

    @Test
    void theAdminUserAndSshPortComeFromTheRecord() throws IOException {
        Path config = copy("cluster.yml", dir);
        ledgerWith(new ImageRecord.BuiltWith("crunchy", 2222, "docker", false, false, "disks", null, null));

        fromTheLedger(config).run();

        String text = Files.readString(config);
        assertThat(text).contains("ImageID: ami-0444444444444444d   #", "SSHPort: \"2222\"\n",
                "AdminUsername: crunchy   # the docs' old default");
        assertThat(text).doesNotContain("IncludedScratch: 16TB");
    }

    @Test
    void anOverrideTheImageDisagreesWithIsRefusedAndNothingIsWritten() throws IOException {
        Path config = copy("cluster.yml", dir);
        byte[] before = Files.readAllBytes(config);
        ledgerWith(new ImageRecord.BuiltWith("crunchy", 2222, "docker", false, false, "disks", null, null));
        ConfigFixtures.Request request = fromTheLedger(config);
        request.adminUsername = "root";
        request.sshPort = 22;

        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class).hasMessage(config
                + " would not match the image after this update, so nothing was written:\n"
                + "  Clusters.zzzzz.Containers.CloudVMs.DriverParameters.AdminUsername: config.yml has root, the image has crunchy\n"
                + "  Clusters.zzzzz.Containers.CloudVMs.SSHPort: config.yml has 22, the image has 2222");
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
    }

    @Test
    void anImageWhoseLatestCloudtestFailedIsRefusedAndOneNeverTriedOnlyWithRequireCloudtest() throws IOException {
        Path config = copy("cluster.yml", dir);
        byte[] before = Files.readAllBytes(config);
        Path ledger = ledgerWith(new ImageRecord.BuiltWith("crunchy", 2222, "docker", false, false, "disks", null, null));
        ImageRecord image = Ledger.read(ledger).images().get(0);
        ConfigFixtures.Request request = fromTheLedger(config);
        request.requireCloudtest = true;

        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("was never tried with arvados:cloudtest (ledger " + ledger + "); <requireCloudtest>"
                        + " (arvados.requireCloudtest) asks for a passed run");
        Ledger.read(ledger).update(image, entry -> entry.withCloudtest(new ImageRecord.Cloudtest(false,
                Instant.parse("2026-11-26T10:00:00Z"), 600, null, List.of("level=error msg=\"timed out\""))));
        request.requireCloudtest = false;
        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("would not match the image after this update, so nothing was written")
                .hasMessageEndingWith("failed its latest cloudtest (2026-11-26T10:00:00Z, ledger " + ledger
                        + " entry built 2026-11-25T10:00:00Z); fix it and run arvados:cloudtest until it passes, or use"
                        + " another image");
        assertThat(Files.readAllBytes(config)).isEqualTo(before);

        Ledger.read(ledger).update(image, entry -> entry.withCloudtest(new ImageRecord.Cloudtest(true,
                Instant.parse("2026-11-27T10:00:00Z"), 300, null, List.of())));
        request.requireCloudtest = true;
        request.run();
        assertThat(Files.readString(config)).contains("ImageID: ami-0444444444444444d   #");
    }

    @Test
    void overridesWriteWhatAnEarlierEntryDoesNotSay() throws IOException {
        Path config = copy("cluster.yml", dir);
        ledgerWith(null);
        ConfigFixtures.Request request = fromTheLedger(config);
        request.adminUsername = "root";
        request.sshPort = 2200;

        request.run();

        assertThat(Files.readString(config)).contains("SSHPort: \"2200\"\n", "AdminUsername: root   #");
    }

    @Test
    void anEbsAutoscaleRecordWritesTheInstanceProfileAndTheScratchRewrite() throws IOException {
        Path config = copy("cluster.yml", dir);
        ledgerWith(new ImageRecord.BuiltWith("crunch", 22, "docker", false, true, "ebs-autoscale", null, "arvados-workers"));

        fromTheLedger(config).run();

        String text = Files.readString(config);
        String zzzzz = text.substring(0, text.indexOf("\n  yyyyy:"));
        assertThat(zzzzz).contains("IAMInstanceProfile: arvados-workers", "IncludedScratch: 16TB")
                .doesNotContain("AddedScratch: ");
    }

    @Test
    void anEntryOfAnEarlierVersionWritesOnlyTheImageAndSaysWhy() throws IOException {
        Path config = copy("cluster.yml", dir);
        byte[] before = Files.readAllBytes(config);
        ledgerWith(null);
        RecordingLog log = new RecordingLog();

        fromTheLedger(config).run(log);

        String text = Files.readString(config);
        assertThat(text).contains("ImageID: ami-0444444444444444d   #", "AdminUsername: arvados   # the docs' old default",
                "SSHPort: \"22\"\n");
        assertThat(text.replace("ami-0444444444444444d", "ami-0aaaaaaaaaaaaaaa1")).isEqualTo(new String(before,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(log.messages("WARN")).anyMatch(line -> line.contains("was written by an earlier plugin version"));
    }
}
