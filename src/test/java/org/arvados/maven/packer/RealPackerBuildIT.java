package org.arvados.maven.packer;

import org.arvados.maven.testing.ProcessAssertions;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real packer 1.6.6 builds with the local null and file builders, through the runner. */
class RealPackerBuildIT {
    static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
    static final String CANCELLED = "Cleanly cancelled builds after being interrupted.";

    @TempDir
    Path workDir;
    PackerExecutable packer;
    Path varFile;

    @BeforeEach
    void locatePacker() throws IOException {
        packer = PackerExecutable.locate(Tools.require("packer").toString());
        varFile = workDir.resolve("vars.json");
        Files.writeString(varFile, "{\"greeting\": \"hello, world\"}");
    }

    @Test
    void streamsMasksAndReadsArtifactsAndTheManifest() throws Exception {
        Path release = workDir.resolve("release");
        Path template = template("""
                "echo first-line",
                "while [ ! -f '%s' ]; do sleep 0.1; done",
                "echo \\"greeting={{user `greeting`}} secret=$MY_SECRET\\"",
                "echo line1; echo line2 >&2"
                """.formatted(release));
        RecordingLog log = new RecordingLog();
        AtomicBoolean firstLineWhileRunning = new AtomicBoolean();
        // The provisioner waits until the first line has been logged: if lines were only handled at the
        // end, the build would hang and be cancelled at its timeout instead of succeeding.
        log.onEntry(entry -> {
            if (entry.message().contains("first-line")) {
                firstLineWhileRunning.set(ProcessAssertions.jvmDescendants().stream()
                        .anyMatch(p -> p.info().command().orElse("").endsWith("packer")));
                touch(release);
            }
        });

        BuildResult first = packer.build(request(template, Duration.ofMinutes(2)), log);
        BuildResult second = packer.build(request(template, Duration.ofMinutes(2)), new RecordingLog());

        assertThat(firstLineWhileRunning).isTrue();
        assertThat(first.succeeded()).as(log.all()).isTrue();
        // The two builds run in parallel: their artifacts come in either order.
        assertThat(first.artifacts()).extracting(Artifact::build, Artifact::builderId, Artifact::id)
                .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("file-out", "packer.file", "File"),
                org.assertj.core.groups.Tuple.tuple("nothing", "fnoeding.null", "Null"));
        assertThat(first.artifacts()).filteredOn(artifact -> artifact.build().equals("file-out"))
                .singleElement().extracting(Artifact::files).asList()
                .containsExactly(workDir.resolve("artifact.txt").toString());
        assertThat(second.succeeded()).isTrue();
        // The manifest post-processor appended both runs; only the last one counts.
        List<Manifest.Build> lastRun = Manifest.readLastRun(workDir.resolve("packer-manifest.json"));
        assertThat(lastRun).extracting(Manifest.Build::artifactId).containsExactlyInAnyOrder("File", "Null");
        assertThat(lastRun).extracting(Manifest.Build::packerRunUuid).containsOnly(lastRun.get(0).packerRunUuid());
        assertThat(Files.readString(workDir.resolve("packer-manifest.json"))).contains("\"artifact_id\": \"File\"",
                "\"artifact_id\": \"Null\"");
        assertThat(com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(workDir.resolve("packer-manifest.json").toFile()).get("builds")).hasSize(4);

        String transcript = Files.readString(workDir.resolve("packer.log"));
        assertThat(log.all()).contains("greeting=hello, world secret=****").doesNotContain(SECRET);
        assertThat(log.entries()).anyMatch(e -> e.level().equals("WARN") && e.message().endsWith("line2"));
        assertThat(transcript).contains("secret=****").contains(",artifact,0,id,File").doesNotContain(SECRET);
        assertThat(Files.getPosixFilePermissions(workDir.resolve("packer.log")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void cancelStopsWithSigtermLetsPackerCleanUpAndLeavesNoProcess() throws Exception {
        Path template = template("\"echo started\", \"sleep 30\", \"echo never\"");
        RecordingLog log = new RecordingLog();
        RunningBuild build = packer.start(request(template, Duration.ofMinutes(2)), log);
        assertThat(log.awaitMessage("started", 60)).as(log.all()).isTrue();
        List<ProcessHandle> processes = ProcessAssertions.jvmDescendants();

        build.cancel();
        BuildResult result = build.await();

        assertCleanlyCancelled(result, log, processes);
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void theShutdownHookTakesTheSamePath() throws Exception {
        Path template = template("\"echo started\", \"sleep 30\"");
        RecordingLog log = new RecordingLog();
        RunningBuild build = packer.start(request(template, Duration.ofMinutes(2)), log);
        assertThat(log.awaitMessage("started", 60)).as(log.all()).isTrue();
        List<ProcessHandle> processes = ProcessAssertions.jvmDescendants();

        build.shutdownHook().run();
        BuildResult result = build.await();

        assertCleanlyCancelled(result, log, processes);
        assertThat(log.all()).contains("Maven is stopping (Ctrl-C or SIGTERM)");
        // await() removed the hook: removing it again says it was not registered.
        assertThat(Runtime.getRuntime().removeShutdownHook(build.shutdownHook())).isFalse();
    }

    @Test
    void timeoutEndsTheBuildThroughSigterm() throws Exception {
        Path template = template("\"echo started\", \"sleep 30\"");
        RecordingLog log = new RecordingLog();
        AtomicReference<List<ProcessHandle>> processes = new AtomicReference<>(List.of());
        log.onEntry(entry -> {
            if (entry.message().contains("started")) {
                processes.set(ProcessAssertions.jvmDescendants());
            }
        });

        BuildResult result = packer.build(request(template, Duration.ofSeconds(5)), log);

        assertThat(result.timedOut()).isTrue();
        assertCleanlyCancelled(result, log, processes.get());
        assertThat(log.all()).contains("did not finish within 5s, its <timeout> (arvados.timeout)");
    }

    @Test
    void validateAcceptsAGoodTemplate() throws IOException {
        packer.validate(workDir, template("\"true\""), varFile, Map.of(), SecretMasker.none());
    }

    @Test
    void validateFailureNamesTheTemplateAndPackersMessageMasked() throws IOException {
        Path unset = workDir.resolve("unset.json");
        Files.writeString(unset, "{}");
        Path template = template("\"true\"");
        Path broken = workDir.resolve("broken.json");
        // packer quotes the lines around a JSON error: here the one holding the secret.
        Files.writeString(broken, "{\"builders\": [{\"type\": \"null\",\n \"key\": \"" + SECRET + "\" x");

        assertThatThrownBy(() -> packer.validate(workDir, template, unset, Map.of(), SecretMasker.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(template.toString())
                .hasMessageContaining("required variable not set: greeting");
        assertThatThrownBy(() -> packer.validate(workDir, broken, varFile, Map.of(),
                new SecretMasker(Set.of(SECRET))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Failed to parse template")
                .hasMessageContaining("****")
                .hasMessageNotContaining(SECRET);
    }

    private void assertCleanlyCancelled(BuildResult result, RecordingLog log, List<ProcessHandle> processes)
            throws IOException {
        assertThat(result.cancelled()).isTrue();
        assertThat(result.killed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.succeeded()).isFalse();
        assertThat(log.all()).contains(CANCELLED).contains("stopping packer (SIGTERM)").doesNotContain("never");
        assertThat(Files.readString(workDir.resolve("packer.log"))).contains(CANCELLED);
        ProcessAssertions.assertAllGone(processes);
    }

    private BuildRequest request(Path template, Duration timeout) {
        return BuildRequest.of(workDir, template, varFile)
                .withEnvironment(Map.of("MY_SECRET", SECRET), new SecretMasker(Set.of(SECRET)))
                .withTimeouts(timeout, Duration.ofMinutes(2));
    }

    /** A local template: a file and a null builder, shell-local running {@code inline}, a manifest. */
    private Path template(String inline) throws IOException {
        Path template = workDir.resolve("template.json");
        Files.writeString(template, """
                {
                  "variables": {"greeting": null},
                  "builders": [
                    {"type": "file", "name": "file-out", "content": "x", "target": "%s"},
                    {"type": "null", "name": "nothing", "communicator": "none"}
                  ],
                  "provisioners": [{"type": "shell-local", "only": ["nothing"], "inline": [%s]}],
                  "post-processors": [{"type": "manifest", "output": "packer-manifest.json"}]
                }
                """.formatted(workDir.resolve("artifact.txt"), inline));
        return template;
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
