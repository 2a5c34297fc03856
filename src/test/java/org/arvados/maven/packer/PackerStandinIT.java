package org.arvados.maven.packer;

import org.arvados.maven.testing.ProcessAssertions;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.SecretMasker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packer stand-in the invoker ITs use, driven through the runner as a mojo would. */
class PackerStandinIT {
    static final Path STANDIN = PackerExecutableTest.STANDIN;
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path workDir;
    Path record;
    Path template;
    Path varFile;
    PackerExecutable packer;

    @BeforeEach
    void files() throws IOException {
        record = workDir.resolve("record");
        template = Files.writeString(workDir.resolve("template.json"), "{}");
        varFile = Files.writeString(workDir.resolve("vars.json"), "{\"ami_name\": \"arvados-zzzzz\"}");
        packer = PackerExecutable.locate(STANDIN.toString());
    }

    @Test
    void successfulBuildRecordsItsCallAndMasksTheEchoedSecret() throws IOException {
        RecordingLog log = new RecordingLog();

        BuildResult result = packer.build(request(Map.of("STANDIN_ECHO_VAR", "AWS_SECRET_ACCESS_KEY")), log);

        assertThat(result.succeeded()).as(log.all()).isTrue();
        assertThat(result.artifacts()).containsExactly(new Artifact("amazon-ebs", "mitchellh.amazonebs",
                "us-east-1:ami-0123456789abcdef0", "AMIs were created:\nus-east-1:ami-0123456789abcdef0", List.of()));
        assertThat(Manifest.readLastRun(workDir.resolve("packer-manifest.json")))
                .extracting(Manifest.Build::artifactId).containsExactly("us-east-1:ami-0123456789abcdef0");
        assertThat(log.all()).contains("AWS_SECRET_ACCESS_KEY=****").doesNotContain(SECRET);
        assertThat(Files.readString(workDir.resolve("packer.log"))).contains("AWS_SECRET_ACCESS_KEY=****")
                .doesNotContain(SECRET);
        // locate() ran without STANDIN_RECORD_DIR, so only the build is recorded.
        assertThat(Files.readAllLines(record.resolve("calls"))).containsExactly("build");
        assertThat(Files.readString(record.resolve("argv"))).doesNotContain(SECRET)
                .isEqualTo(String.join("\n", packer.buildCommand(request(Map.of())).subList(1, 7)) + "\n");
        assertThat(Files.readAllLines(record.resolve("env"))).contains("AWS_SECRET_ACCESS_KEY=" + SECRET,
                "CHECKPOINT_DISABLE=1", "PACKER_CACHE_DIR=" + workDir.resolve("packer_cache"));
        assertThat(record.resolve("varfile.json")).hasSameTextualContentAs(varFile);
    }

    @Test
    void multiRegionArtifactIdAndAnotherBuilder() throws IOException {
        BuildResult result = packer.build(request(Map.of("STANDIN_ARTIFACT_ID", "eu-west-1:ami-1,us-east-1:ami-2",
                "STANDIN_BUILDER_ID", "azure.image")), new RecordingLog());

        assertThat(result.artifacts()).extracting(Artifact::id, Artifact::builderId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eu-west-1:ami-1,us-east-1:ami-2", "azure.image"));
        assertThat(Manifest.readLastRun(workDir.resolve("packer-manifest.json")))
                .extracting(Manifest.Build::artifactId).containsExactly("eu-west-1:ami-1,us-east-1:ami-2");
    }

    @Test
    void failModeGivesErrorsAndExitOne() throws IOException {
        BuildResult result = packer.build(request(Map.of("STANDIN_MODE", "fail")), new RecordingLog());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors())
                .containsExactly("amazon-ebs: Script exited with non-zero exit status: 1.Allowed exit codes are: [0]");
        assertThat(result.lastErrorLines()).anyMatch(line -> line.startsWith("Build 'amazon-ebs' errored after"));
        assertThat(result.artifacts()).isEmpty();
    }

    @Test
    void noArtifactModeSucceedsWithoutArtifacts() throws IOException {
        BuildResult result = packer.build(request(Map.of("STANDIN_MODE", "noartifact")), new RecordingLog());

        assertThat(result.exitCode()).isZero();
        assertThat(result.artifacts()).isEmpty();
        assertThat(workDir.resolve("packer-manifest.json")).doesNotExist();
    }

    @Test
    void slowModeCancelledCleansUpBeforeExiting() throws Exception {
        RecordingLog log = new RecordingLog();
        RunningBuild build = packer.start(request(Map.of("STANDIN_MODE", "slow")), log);
        assertThat(log.awaitMessage("started; sleeping", 60)).as(log.all()).isTrue();
        List<ProcessHandle> processes = ProcessAssertions.jvmDescendants();

        build.cancel();
        BuildResult result = build.await();

        assertThat(result.cancelled()).isTrue();
        assertThat(result.killed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(record.resolve("cleaned-up")).exists();
        assertThat(log.all()).contains("Cancelling build after receiving terminated",
                "Cleanly cancelled builds after being interrupted.");
        ProcessAssertions.assertAllGone(processes);
    }

    @Test
    void interruptingTheWaitingThreadCancelsCleanly() throws Exception {
        RecordingLog log = new RecordingLog();
        RunningBuild build = packer.start(request(Map.of("STANDIN_MODE", "slow")), log);
        assertThat(log.awaitMessage("started; sleeping", 60)).as(log.all()).isTrue();
        java.util.concurrent.atomic.AtomicReference<BuildResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread waiter = new Thread(() -> {
            result.set(build.await());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });

        waiter.start();
        waiter.interrupt();
        waiter.join();

        assertThat(result.get().cancelled()).isTrue();
        assertThat(stillInterrupted).isTrue();
        assertThat(record.resolve("cleaned-up")).exists();
    }

    @Test
    void cleanupLongerThanTheCleanupTimeoutIsKilledWithAWarning() throws Exception {
        RecordingLog log = new RecordingLog();
        BuildRequest request = request(Map.of("STANDIN_MODE", "slow"))
                .withTimeouts(Duration.ofMinutes(2), Duration.ofMillis(300));
        RunningBuild build = packer.start(request, log);
        assertThat(log.awaitMessage("started; sleeping", 60)).as(log.all()).isTrue();
        List<ProcessHandle> processes = ProcessAssertions.jvmDescendants();

        build.cancel();
        BuildResult result = build.await();

        assertThat(result.cancelled()).isTrue();
        assertThat(result.killed()).isTrue();
        // No assertion on "cleaned-up": killing the stand-in's sleeping child first (descendants before the
        // parent, by design) lets its trap write that file in the instant before it is killed itself.
        assertThat(log.entries()).anyMatch(e -> e.level().equals("ERROR") && e.message().contains("may remain"));
        ProcessAssertions.assertAllGone(processes);
    }

    @Test
    void validateFailureOnRequest() {
        assertThatThrownBy(() -> packer.validate(workDir, template, varFile, Map.of("STANDIN_VALIDATE_FAIL", "1"),
                SecretMasker.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("STANDIN_VALIDATE_FAIL=1")
                .hasMessageContaining(template.toString());
        packer.validate(workDir, template, varFile, Map.of(), SecretMasker.none());
    }

    private BuildRequest request(Map<String, String> standin) {
        Map<String, String> env = new HashMap<>(standin);
        env.put("STANDIN_RECORD_DIR", record.toString());
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        return BuildRequest.of(workDir, template, varFile).withEnvironment(env, new SecretMasker(Set.of(SECRET)));
    }
}
