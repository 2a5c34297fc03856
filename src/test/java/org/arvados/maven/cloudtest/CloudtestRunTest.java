package org.arvados.maven.cloudtest;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.testing.StandIns;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cloudtest against the arvados-server stand-in: what runs, what the ledger gets, what the log never shows. */
class CloudtestRunTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/cloudtestSecretKey";
    private static final String CONFIG = """
            # the cluster under test
            Clusters:
              zzzzz:
                Containers:
                  DispatchPrivateKey: file:///etc/arvados/id_dispatcher
                  CloudVMs:
                    Driver: ec2
                    ImageID: ami-0aaaaaaaaaaaaaaaa
                    DriverParameters:
                      Region: us-west-2
                      AccessKeyID: AKIACLOUDTESTKEYID01
                      SecretAccessKey: %s
                InstanceTypes:
                  m5large: {ProviderType: m5.large, VCPUs: 2, RAM: 8GiB, Price: 0.096}
                  c5xlarge:
                    ProviderType: c5.xlarge
            """.formatted(SECRET);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path config;
    private Path ledger;
    private Path record;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("config.yml"), CONFIG);
        ledger = dir.resolve("arvados-images.json");
        record = dir.resolve("record");
        Ledger.read(ledger).append(image("ami-0aaaaaaaaaaaaaaaa", "ami-0bbbbbbbbbbbbbbbb", "2026-11-01T00:00:00Z"));
    }

    private static ImageRecord image(String east, String west, String builtAt) {
        return new ImageRecord("aws", "zzzzz", east, "us-east-1", Map.of("us-east-1", east, "us-west-2", west),
                "us-east-1:" + east + ",us-west-2:" + west, Instant.parse(builtAt), "1.6.6", "sha256:x",
                "target/arvados/aws/template.json", null, null, null, null);
    }

    private CloudtestRequest request(String arvadosServer, String instanceType, boolean dryRun) {
        return new CloudtestRequest(config, null, null, instanceType, CloudtestRequest.DISPATCHER_PROBE, false,
                arvadosServer, Duration.ofMinutes(5), Duration.ofMinutes(1), dryRun, ledger);
    }

    private String standIn(String... settings) throws IOException {
        return StandIns.wrapped(StandIns.ARVADOS_SERVER, dir, record, settings).toString();
    }

    private ImageRecord entry() throws IOException {
        return Ledger.read(ledger).images().get(0);
    }

    @Test
    void aPassIsRecordedWithTheCopyInTheConfigsRegionOnTheCommandLineAndConfigYmlUnchanged() throws Exception {
        Optional<ImageRecord.Cloudtest> result = new CloudtestRun(log, CLOCK).run(request(standIn(), "c5xlarge", false));

        assertThat(Files.readAllLines(record.resolve("argv"))).containsExactly("cloudtest", "-config",
                config.toAbsolutePath().toString(), "-image-id", "ami-0bbbbbbbbbbbbbbbb", "-instance-type", "c5xlarge",
                "-command", "sudo /tmp/arvados-crunch-run/crunch-run --list");
        assertThat(result).isPresent();
        ImageRecord.Cloudtest recorded = entry().latestCloudtest().orElseThrow();
        assertThat(recorded).isEqualTo(result.get());
        assertThat(recorded.passed()).isTrue();
        assertThat(recorded.at()).isEqualTo(CLOCK.instant());
        assertThat(recorded.instanceType()).isEqualTo("c5xlarge");
        assertThat(recorded.outputTail()).isEmpty();
        assertThat(Files.readString(config)).isEqualTo(CONFIG);
        assertThat(log.messages("INFO")).anyMatch(line -> line.startsWith("[cloudtest] time=")
                && line.contains("msg=\"creating instance\" ImageID=ami-0bbbbbbbbbbbbbbbb"));
        assertThat(log.messages("INFO").get(log.messages("INFO").size() - 1))
                .contains("cloudtest PASSED for ami-0bbbbbbbbbbbbbbbb on c5xlarge", "Next: arvados:update-config");
    }

    @Test
    void aFailureIsRecordedWithItsLastLinesAndFailsTheGoal() throws Exception {
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn("STANDIN_RESULT=fail"), null, false)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("cloudtest FAILED for ami-0bbbbbbbbbbbbbbbb on the cheapest instance type")
                .hasMessageContaining("msg=\"timed out\"");

        ImageRecord.Cloudtest recorded = entry().latestCloudtest().orElseThrow();
        assertThat(recorded.passed()).isFalse();
        assertThat(recorded.instanceType()).isNull();
        assertThat(recorded.outputTail()).anyMatch(line -> line.contains("msg=\"timed out\""))
                .hasSizeLessThanOrEqualTo(CloudtestRun.OUTPUT_TAIL);
        assertThat(Files.readAllLines(record.resolve("argv"))).doesNotContain("-instance-type");
    }

    @Test
    void secretsOfConfigYmlReachNeitherTheLogNorTheLedgerNorTheCommandLine() throws Exception {
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn("STANDIN_RESULT=fail",
                "STANDIN_ECHO_CONFIG_KEY=SecretAccessKey"), null, false)))
                .isInstanceOf(BuildFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).contains("AuthFailure: key ****"));

        assertThat(log.all()).contains("AuthFailure: key ****").doesNotContain(SECRET);
        assertThat(Files.readString(ledger)).contains("AuthFailure: key ****").doesNotContain(SECRET);
        assertThat(Files.readString(record.resolve("argv"))).doesNotContain(SECRET);
    }

    @Test
    void aTimeoutStopsItWithSigtermWaitsForItsVmToBeDestroyedAndRecordsAFailure() throws Exception {
        CloudtestRequest slow = new CloudtestRequest(config, "zzzzz", "ami-0aaaaaaaaaaaaaaaa", null, null, false,
                standIn("STANDIN_RESULT=slow"), Duration.ofSeconds(3), Duration.ofMinutes(1), false, ledger);

        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(slow)).isInstanceOf(BuildFailedException.class);

        assertThat(record.resolve("destroyed")).as("cloudtest destroyed its VM before the goal returned").exists();
        assertThat(log.all()).contains("stopping it (SIGTERM)", "msg=\"destroyed instance\"");
        assertThat(entry().latestCloudtest().orElseThrow().outputTail()).last().asString()
                .contains("stopped: no result within 3s");
        assertThat(Files.readAllLines(record.resolve("argv"))).containsSubsequence("-image-id", "ami-0bbbbbbbbbbbbbbbb")
                .doesNotContain("-command");
    }

    /** A hand edit that left the config's region without its copy's ID is named, not read as "no copy there". */
    @Test
    void aCopyWithoutAnImageIdIsNamedAndNothingRuns() throws Exception {
        String text = Files.readString(ledger);
        Files.writeString(ledger, text.replace("\"ami-0bbbbbbbbbbbbbbbb\"", "null"));
        assertThat(Files.readString(ledger)).isNotEqualTo(text);

        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn(), null, false)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledger + " (arvados.ledgerFile): entry 1 (image ami-0aaaaaaaaaaaaaaaa,"
                        + " built 2026-11-01T00:00:00Z) has no regions.us-west-2: add it as the image was built (e.g."
                        + " \"us-west-2\": \"ami-...\"), or restore the file from version control.");
        assertThat(record).doesNotExist();
    }

    @Test
    void aDryRunSaysWhatWouldRunAndRunsAndRecordsNothing() throws Exception {
        byte[] before = Files.readAllBytes(ledger);

        assertThat(new CloudtestRun(log, CLOCK).run(request("arvados-server-not-installed-here", null, true))).isEmpty();

        assertThat(log.all()).contains("would run arvados-server-not-installed-here cloudtest -config "
                + config.toAbsolutePath() + " -image-id ami-0bbbbbbbbbbbbbbbb -command 'sudo /tmp/arvados-crunch-run/crunch-run --list' (<arvadosServer>",
                "is on the PATH");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
        assertThat(record).doesNotExist();
    }

    @Test
    void aMissingBinaryIsOneErrorNamingTheParameterAndRecordsNothing() throws Exception {
        byte[] before = Files.readAllBytes(ledger);

        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(dir.resolve("bin/arvados-server").toString(),
                null, false)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<arvadosServer> (arvados.arvadosServer) is '" + dir.resolve("bin/arvados-server"))
                .hasMessageContaining("apt install arvados-server");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() throws Exception {
        String standIn = standIn();
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn, "m5.large", false)))
                .hasMessageContaining("<instanceType> (arvados.cloudtest.instanceType) is m5.large")
                .hasMessageContaining("(m5large, c5xlarge)");

        Files.writeString(config, CONFIG + "  yyyyy:\n    Containers: {}\n");
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn, null, false)))
                .hasMessageContaining("has clusters zzzzz, yyyyy, and arvados-server cloudtest reads only a file with one");

        Files.writeString(config, CONFIG.replace("Region: us-west-2", "Region: eu-west-1"));
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn, null, false)))
                .hasMessageContaining("has copies in us-east-1, us-west-2, but")
                .hasMessageContaining("Region is eu-west-1");

        Files.writeString(config, CONFIG.replace("Driver: ec2", "Driver: loopback"));
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(standIn, null, false)))
                .hasMessageContaining("Driver is loopback");

        Files.writeString(config, CONFIG);
        CloudtestRequest unknown = new CloudtestRequest(config, null, "ami-0cccccccccccccccc", null, null, false,
                standIn, Duration.ofMinutes(5), Duration.ofMinutes(1), false, ledger);
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(unknown))
                .hasMessageContaining("<imageId> (arvados.imageId) is ami-0cccccccccccccccc, which");

        assertThat(record).as("the stand-in never ran").doesNotExist();
        assertThat(entry().cloudtests()).isEmpty();
    }
}
