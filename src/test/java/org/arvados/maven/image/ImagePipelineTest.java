package org.arvados.maven.image;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.Draft;
import org.arvados.maven.testing.Immutable;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline's own logic (up to date, dry run, failures, manifest cross-check, record and ledger)
 * driven through the packer stand-in; real packer is proven in the packer package's ITs.
 */
class ImagePipelineTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;
    private Path record;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() {
        record = dir.resolve("standin");
    }

    /** A packer that is the stand-in with {@code settings} in its environment. */
    private Path packer(String... settings) throws IOException {
        return Fixtures.standInPacker(dir, record, settings);
    }

    private ImageRequest request(Path packer, boolean dryRun, boolean force) throws IOException {
        ImageSpec spec = Fixtures.spec(dir).build();
        return new ImageRequest(spec, new AwsImage(Fixtures.aws().build()), null, dir.resolve("target/arvados"),
                dir.resolve("arvados-images.json"), packer.toString(), dryRun, force, false, Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }

    private ImagePipeline.Outcome run(ImageRequest request) throws IOException {
        return new ImagePipeline(Clock.fixed(NOW, ZoneOffset.UTC)).run(request, log);
    }

    private long builds() throws IOException {
        Path calls = record.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls).stream().filter("build"::equals).count() : 0;
    }

    @Test
    void buildRecordsTheImageInTheRecordFileAndTheLedger() throws Exception {
        ImageRequest request = request(packer("STANDIN_ARTIFACT_ID='eu-west-1:ami-0aaaaaaaaaaaaaaa1,us-east-1:ami-0bbbbbbbbbbbbbbb2'"), false, false);
        ImagePipeline.Outcome outcome = run(request);

        assertThat(outcome.status()).isEqualTo(ImagePipeline.Status.BUILT);
        ImageRecord image = Ledger.readRecord(request.recordFile());
        assertThat(image.imageId()).isEqualTo("ami-0bbbbbbbbbbbbbbb2");
        assertThat(image.regions()).containsEntry("eu-west-1", "ami-0aaaaaaaaaaaaaaa1").hasSize(2);
        assertThat(image.builtAt()).isEqualTo(NOW);
        assertThat(image.packerVersion()).isEqualTo("1.6.6");
        assertThat(image.inputsHash()).isEqualTo(outcome.rendered().inputsHash());
        assertThat(Ledger.read(request.ledgerFile()).images()).containsExactly(image);
        assertThat(outcome.rendered().varFile()).doesNotExist();
        assertThat(Files.readAllLines(record.resolve("argv"))).contains("-machine-readable", "-color=false",
                "-on-error=cleanup");
        assertThat(log.lines()).anyMatch(line -> line.contains("Built image ami-0bbbbbbbbbbbbbbb2")
                && line.contains("eu-west-1: ami-0aaaaaaaaaaaaaaa1"));
    }

    @Test
    void theRecordSaysWhatTheImageWasBuiltWithAndWhatItHolds() throws Exception {
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).with(ImageSpec::adminUsername, "arvados")
                .with(ImageSpec::sshPort, 2222)
                .with(ImageSpec::runtimeEngine, "singularity").with(ImageSpec::nvidiaGpuSupport, true).build(),
                new AwsImage(Fixtures.aws().with(AwsSettings::ebsAutoscale, true)
                        .with(AwsSettings::iamInstanceProfile, "arvados-workers").build()), null, dir.resolve("target/arvados"),
                dir.resolve("arvados-images.json"), packer().toString(), false, false, false, Duration.ofMinutes(5),
                Duration.ofMinutes(1));

        run(request);

        ImageRecord image = Ledger.read(request.ledgerFile()).images().get(0);
        Process keygen = new ProcessBuilder(Tools.require("ssh-keygen").toString(), "-l", "-E", "sha256", "-f",
                Fixtures.publicKey(dir).toString()).start();
        String fingerprint = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split(" ")[1];
        assertThat(image.builtWith()).isEqualTo(new ImageRecord.BuiltWith("arvados", 2222, "singularity", true, true,
                "ebs-autoscale", fingerprint, "arvados-workers"));
        assertThat(image.bom().distribution()).isEqualTo(new ImageRecord.Distribution("debian", "12", "bookworm"));
        assertThat(image.bom().packages()).containsEntry("docker-ce", "5:28.5.1-1~debian.12~bookworm").hasSize(4);
        assertThat(log.messages("INFO")).contains("The image holds: debian 12 (bookworm), kernel 6.1.0-40-cloud-amd64, "
                + "arvados-docker-cleaner 3.2.1-1, containerd.io 1.7.28-1~debian.12~bookworm, docker-ce "
                + "5:28.5.1-1~debian.12~bookworm, python3-arvados-fuse 3.2.1-1.");
        assertThat(Ledger.readRecord(request.recordFile())).isEqualTo(image);
    }

    @Test
    void anImageWhoseBillOfMaterialsDidNotComeBackIsRecordedWithAWarning() throws Exception {
        ImageRequest request = request(packer("STANDIN_NO_BOM=1"), false, false);

        run(request);

        ImageRecord image = Ledger.read(request.ledgerFile()).images().get(0);
        assertThat(image.bom()).isNull();
        assertThat(image.builtWith()).isNotNull();
        assertThat(log.messages("WARN")).anyMatch(line -> line.startsWith("packer brought back no bill of materials"));
    }

    @Test
    void twoRunsInOneProjectTakeTurnsAndEachRecordsItsOwnImage() throws Exception {
        // Both share target/arvados/aws/ (template, var file, manifest): the second must wait for the first.
        Path release = dir.resolve("release-first-build");
        Path firstRecord = dir.resolve("first");
        ImageRequest first = request(packer("STANDIN_RECORD_DIR='" + firstRecord + "'", "STANDIN_WAIT_FOR='" + release + "'",
                "STANDIN_ARTIFACT_ID='us-east-1:ami-0aaaaaaaaaaaaaaa1'"), "us-east-1");
        ImageRequest second = request(packer("STANDIN_ARTIFACT_ID='eu-west-1:ami-0bbbbbbbbbbbbbbb2'"), "eu-west-1");
        java.util.concurrent.ExecutorService runs = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var firstRun = runs.submit(() -> run(first));
            awaitFile(firstRecord.resolve("argv"));
            var secondRun = runs.submit(() -> run(second));
            awaitLogLine("Waiting for another run that uses the same output folder: arvados:aws-image in process ");
            Files.createFile(release);

            assertThat(firstRun.get().record().region()).isEqualTo("us-east-1");
            assertThat(secondRun.get().record().region()).isEqualTo("eu-west-1");
        } finally {
            runs.shutdownNow();
        }
        assertThat(Ledger.read(first.ledgerFile()).images()).extracting(ImageRecord::imageId)
                .containsExactly("ami-0aaaaaaaaaaaaaaa1", "ami-0bbbbbbbbbbbbbbb2");
        assertThat(Files.readString(firstRecord.resolve("varfile.json"))).contains("\"us-east-1\"").doesNotContain("eu-west-1");
    }

    @Test
    void anImageBuiltButNotRecordableIsNamedWithTheEntryToAddByHand() throws Exception {
        Path release = dir.resolve("release-build");
        Path ledgerDir = Files.createDirectories(dir.resolve("ledger"));
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).build(), new AwsImage(Fixtures.aws().build()), null,
                dir.resolve("target/arvados"), ledgerDir.resolve("arvados-images.json"),
                packer("STANDIN_WAIT_FOR='" + release + "'", "STANDIN_ARTIFACT_ID='us-east-1:ami-0ccccccccccccccc3'")
                        .toString(), false, false, false, Duration.ofMinutes(5), Duration.ofMinutes(1));
        java.util.concurrent.ExecutorService runs = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var run = runs.submit(() -> run(request));
            awaitFile(record.resolve("argv"));
            // The ledger's folder stops taking files while packer builds (checked writable before the build).
            try (Immutable ignored = Immutable.make(ledgerDir)) {
                Files.createFile(release);
                assertThatThrownBy(run::get).hasCauseInstanceOf(BuildFailedException.class)
                        .hasMessageContaining("packer built us-east-1:ami-0ccccccccccccccc3 (image ami-0ccccccccccccccc3)"
                                + " but it could not be recorded in")
                        .hasMessageContaining("The image exists: add this entry to the ledger's \"images\" by hand")
                        .hasMessageContaining("\"imageId\" : \"ami-0ccccccccccccccc3\"");
            }
        } finally {
            runs.shutdownNow();
        }
        assertThat(ledgerDir.resolve("arvados-images.json")).doesNotExist();
        assertThat(request.recordFile()).doesNotExist();
    }

    @Test
    void anOutputDirectoryThatIsAFileIsNamedAndNothingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("output"), "not a folder\n");
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).build(), new AwsImage(Fixtures.aws().build()), null,
                file, dir.resolve("arvados-images.json"), packer().toString(), false, false, false,
                Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThatThrownBy(() -> run(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<outputDirectory> (arvados.outputDirectory): cannot make the folder " + file + " (a file"
                        + " of that name exists); point it at a folder this build may write, such as the default"
                        + " ${project.build.directory}/arvados.");
        assertThat(file).hasContent("not a folder\n");
        assertThat(builds()).isZero();
    }

    private ImageRequest request(Path packer, String region) throws IOException {
        return new ImageRequest(Fixtures.spec(dir).build(), new AwsImage(Fixtures.aws()
                .with(AwsSettings::region, region).build()), null,
                dir.resolve("target/arvados"), dir.resolve("arvados-images.json"), packer.toString(), false, true,
                false, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    /** Polls for what another thread does; the limit is a safety net, not a speed check. */
    private static void awaitCondition(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 600 && !done.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    private static void awaitFile(Path file) throws InterruptedException {
        awaitCondition(file + " exists", () -> Files.exists(file));
    }

    private void awaitLogLine(String prefix) throws InterruptedException {
        awaitCondition("a log line starting " + prefix, () -> log.lines().stream()
                .anyMatch(line -> line.startsWith("INFO " + prefix)));
    }

    @Test
    void aLedgerThatCannotBeWrittenStopsTheRunBeforePackerBuilds() throws Exception {
        Path frozen = Files.createDirectories(dir.resolve("frozen"));
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).build(), new AwsImage(Fixtures.aws().build()), null,
                dir.resolve("target/arvados"), frozen.resolve("arvados-images.json"), packer().toString(), false, false,
                false, Duration.ofMinutes(5), Duration.ofMinutes(1));
        try (Immutable ignored = Immutable.make(frozen)) {
            assertThatThrownBy(() -> run(request))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): cannot write");
        }
        assertThat(builds()).isZero();
    }

    /** The folder takes new files, the ledger file refuses to be replaced: found before packer builds, not after. */
    @Test
    void aLedgerFileThatCannotBeReplacedStopsTheRunBeforePackerBuilds() throws Exception {
        Path ledger = Files.writeString(dir.resolve("arvados-images.json"), "{\"images\": []}\n");
        ImageRequest request = new ImageRequest(Fixtures.spec(dir).build(), new AwsImage(Fixtures.aws().build()), null,
                dir.resolve("target/arvados"), ledger, packer().toString(), false, false,
                false, Duration.ofMinutes(5), Duration.ofMinutes(1));
        try (Immutable ignored = Immutable.make(ledger)) {
            assertThatThrownBy(() -> run(request))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): cannot write " + ledger
                            + " (Operation not permitted: the file itself cannot be replaced")
                    .hasMessageContaining("so nothing was built.");
        }
        assertThat(builds()).isZero();
    }

    @Test
    void sameInputsAreUpToDateUnlessForced() throws Exception {
        Path packer = packer();
        run(request(packer, false, false));
        Files.delete(request(packer, false, false).recordFile());

        ImagePipeline.Outcome again = run(request(packer, false, false));
        assertThat(again.status()).isEqualTo(ImagePipeline.Status.UP_TO_DATE);
        assertThat(builds()).isEqualTo(1);
        assertThat(request(packer, false, false).recordFile()).exists();
        assertThat(again.rendered().varFile()).doesNotExist();

        assertThat(run(request(packer, false, true)).status()).isEqualTo(ImagePipeline.Status.BUILT);
        assertThat(builds()).isEqualTo(2);
        assertThat(Ledger.read(dir.resolve("arvados-images.json")).images()).hasSize(2);
    }

    /** An entry without its inputs hash is neither taken as up to date nor silently built again (hours, money). */
    @Test
    void aLatestEntryWithoutItsInputsHashIsNamedAndNotRebuiltUnlessForced() throws Exception {
        Path packer = packer();
        run(request(packer, false, false));
        Path ledger = dir.resolve("arvados-images.json");
        ImageRecord built = Ledger.read(ledger).images().get(0);
        Files.writeString(ledger, Files.readString(ledger).lines().filter(line -> !line.contains("\"inputsHash\""))
                .collect(java.util.stream.Collectors.joining("\n")));

        assertThatThrownBy(() -> run(request(packer, false, false))).isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledger + " (arvados.ledgerFile): entry 1 (image " + built.imageId()
                        + ", built " + built.builtAt() + ") has no inputsHash: whether the image is up to date with"
                        + " these inputs is unknown: restore the file from version control, or set arvados.force=true"
                        + " to build anew.");
        assertThat(builds()).isEqualTo(1);
        assertThat(run(request(packer, false, true)).status()).isEqualTo(ImagePipeline.Status.BUILT);
    }

    @Test
    void changedInputsRebuild() throws Exception {
        Path packer = packer();
        run(request(packer, false, false));
        ImageSpec changed = Fixtures.spec(dir).with(ImageSpec::resolver, "10.0.0.2").build();
        ImageRequest request = request(packer, false, false);
        run(new ImageRequest(changed, request.cloud(), null, request.outputDirectory(), request.ledgerFile(),
                request.packer(), false, false, false, request.timeout(), request.cleanupTimeout()));
        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void dryRunValidatesAndNeverBuilds() throws Exception {
        ImagePipeline.Outcome outcome = run(request(packer(), true, false));
        assertThat(outcome.status()).isEqualTo(ImagePipeline.Status.DRY_RUN);
        assertThat(outcome.image()).isEmpty();
        assertThat(Files.readAllLines(record.resolve("calls"))).contains("validate").doesNotContain("build");
        assertThat(outcome.rendered().template()).exists();
        assertThat(outcome.rendered().varFile()).doesNotExist();
        assertThat(dir.resolve("arvados-images.json")).doesNotExist();
        assertThat(log.lines()).anyMatch(line -> line.contains(" build -machine-readable -color=false -on-error=cleanup -var-file="));
        assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO A real build needs arvados.dryRun=false")
                && line.contains("<aws><profile>, <aws><secretsFile> or <aws><serverId>"));
    }

    @Test
    void dryRunWithoutPackerStillRendersAndSaysHowToInstallIt() throws Exception {
        ImagePipeline.Outcome outcome = run(request(dir.resolve("no/such/packer"), true, false));
        assertThat(outcome.status()).isEqualTo(ImagePipeline.Status.DRY_RUN);
        assertThat(outcome.rendered().template()).exists();
        assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("apt-get install packer"));
    }

    @Test
    void missingPackerFailsARealBuild() throws Exception {
        ImageRequest request = request(dir.resolve("no/such/packer"), false, false);
        assertThatThrownBy(() -> run(request)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("arvados.packer");
    }

    private static ImageRequest offline(ImageRequest online, boolean dryRun) {
        return new ImageRequest(online.spec(), online.cloud(), null, online.outputDirectory(), online.ledgerFile(),
                online.packer(), dryRun, false, true, online.timeout(), online.cleanupTimeout());
    }

    @Test
    void offlineRefusesABuildBeforePackerRuns() throws Exception {
        ImageRequest offline = offline(request(packer(), false, false), false);
        assertThatThrownBy(() -> run(offline)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("offline (-o)").hasMessageContaining("arvados.dryRun=true");
        assertThat(Files.readAllLines(record.resolve("calls"))).containsExactly("version");
        assertThat(offline.ledgerFile()).doesNotExist();
        assertThat(dir.resolve("target/arvados/aws/packer-vars.json")).doesNotExist();
    }

    @Test
    void offlineStillAllowsADryRunAndAnUpToDateImage() throws Exception {
        Path packer = packer();
        assertThat(run(offline(request(packer, true, false), true)).status()).isEqualTo(ImagePipeline.Status.DRY_RUN);
        run(request(packer, false, false));
        assertThat(run(offline(request(packer, false, false), false)).status())
                .isEqualTo(ImagePipeline.Status.UP_TO_DATE);
        assertThat(Files.readAllLines(record.resolve("calls"))).doesNotContain("plugins");
    }

    @Test
    void failedBuildLeavesRecordAndLedgerAsTheyWere() throws Exception {
        run(request(packer(), false, false));
        ImageRequest failing = request(packer("STANDIN_MODE=fail"), false, true);
        byte[] recordBefore = Files.readAllBytes(failing.recordFile());
        byte[] ledgerBefore = Files.readAllBytes(failing.ledgerFile());

        assertThatThrownBy(() -> run(failing)).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("exit 1").hasMessageContaining("packer.log");
        assertThat(Files.readAllBytes(failing.recordFile())).isEqualTo(recordBefore);
        assertThat(Files.readAllBytes(failing.ledgerFile())).isEqualTo(ledgerBefore);
        assertThat(dir.resolve("target/arvados/aws/packer-vars.json")).doesNotExist();
    }

    @Test
    void noArtifactIsAnError() throws Exception {
        ImageRequest request = request(packer("STANDIN_MODE=noartifact"), false, false);
        assertThatThrownBy(() -> run(request)).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("0 artifacts");
        assertThat(request.recordFile()).doesNotExist();
        assertThat(request.ledgerFile()).doesNotExist();
    }

    @Test
    void anArtifactThisRunsManifestDoesNotListIsAnError() throws Exception {
        // A packer that reports one AMI but whose manifest (as of this run) names another.
        Path liar = dir.resolve("liar.sh");
        Files.writeString(liar, """
                #!/usr/bin/env bash
                case "$1" in
                  version) echo 'Packer v1.6.6' ;;
                  validate) exit 0 ;;
                  build)
                    echo '1,amazon-ebs,artifact-count,1'
                    echo '1,amazon-ebs,artifact,0,builder-id,mitchellh.amazonebs'
                    echo '1,amazon-ebs,artifact,0,id,us-east-1:ami-0123456789abcdef0'
                    echo '1,amazon-ebs,artifact,0,end'
                    printf '%s' '{"builds":[{"name":"amazon-ebs","artifact_id":"us-east-1:ami-0fffffffffffffff0",\
                "packer_run_uuid":"b"}],"last_run_uuid":"b"}' > packer-manifest.json ;;
                esac
                """);
        liar.toFile().setExecutable(true);
        ImageRequest request = request(liar, false, false);
        assertThatThrownBy(() -> run(request)).isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("us-east-1:ami-0123456789abcdef0")
                .hasMessageContaining("us-east-1:ami-0fffffffffffffff0");
        assertThat(request.ledgerFile()).doesNotExist();
    }

    @Test
    void invalidSettingsTouchNothing() throws Exception {
        ImageRequest good = request(packer(), false, false);
        ImageRequest bad = new ImageRequest(Draft.from(good.spec()).with(ImageSpec::clusterId, "BAD").build(),
                new AwsImage(Fixtures.aws().with(AwsSettings::sourceAmi, "nope").build()), null, good.outputDirectory(),
                good.ledgerFile(), good.packer(), false, false, false, good.timeout(), good.cleanupTimeout());
        assertThatThrownBy(() -> run(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<clusterId>").hasMessageContaining("<aws><sourceAmi>");
        assertThat(good.outputDirectory()).doesNotExist();
        assertThat(record).doesNotExist();
    }

    /** The second has a literal backslash-n (packer's escape for a newline) and a comma (which packer escapes). */
    @ParameterizedTest
    @ValueSource(strings = {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Zq9\\nSECRETx7,wJalrTAIL42"})
    void secretsReachPackerOnlyThroughItsEnvironmentAndAreMaskedInTheLog(String secret) throws Exception {
        Path secrets = dir.resolve("aws-secrets.sh");
        Files.writeString(secrets, "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY='" + secret + "'\n");
        ImageRequest base = request(packer("STANDIN_ECHO_VAR=AWS_SECRET_ACCESS_KEY"), false, false);
        ImageRequest request = new ImageRequest(base.spec(), new AwsImage(Fixtures.aws()
                .with(AwsSettings::secretsFile, secrets).build()),
                null, base.outputDirectory(), base.ledgerFile(), base.packer(), false, false, false, base.timeout(),
                base.cleanupTimeout());
        run(request);

        assertThat(Files.readString(record.resolve("env"))).contains("AWS_SECRET_ACCESS_KEY=" + secret);
        assertThat(Files.readString(record.resolve("argv"))).doesNotContain(secret);
        // Whole or in part: read back from packer's output, a literal \\n became a newline (two log lines).
        String tail = secret.substring(secret.length() - 11);
        assertThat(String.join("\n", log.lines())).doesNotContain(secret).doesNotContain(tail).contains("****");
        try (var files = Files.walk(dir.resolve("target"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret).doesNotContain(tail);
            }
        }
        assertThat(Files.readString(request.ledgerFile())).doesNotContain(secret);
    }

    @Test
    void recordCarriesEverythingUpdateConfigNeeds() throws Exception {
        run(request(packer(), false, false));
        ImageRecord image = Ledger.read(dir.resolve("arvados-images.json")).latest("aws", "zzzzz").orElseThrow();
        assertThat(image.cloud()).isEqualTo("aws");
        assertThat(image.artifactId()).isEqualTo("us-east-1:ami-0123456789abcdef0");
        assertThat(image.region()).isEqualTo("us-east-1");
        assertThat(image.templateFile()).isEqualTo("target/arvados/aws/template.json");
        assertThat(Map.of("k", image.imageId())).containsValue("ami-0123456789abcdef0");
    }
}
