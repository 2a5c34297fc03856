package org.arvados.maven.packer;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a whole JVM (as Ctrl-C or `kill` reaches Maven) while a build runs: the shutdown hook must
 * let packer clean up, and the JVM must not exit while any process of the build is left.
 */
class ShutdownHookIT {
    @TempDir
    Path workDir;

    @Test
    void sigtermToTheJvmLetsTheStandinCleanUpFirst() throws Exception {
        Path record = workDir.resolve("record");
        Path template = Files.writeString(workDir.resolve("template.json"), "{}");
        Path vars = Files.writeString(workDir.resolve("vars.json"), "{}");

        List<String> output = runAndTerminate(List.of(PackerExecutableTest.STANDIN.toString(), workDir.toString(),
                template.toString(), vars.toString(), "STANDIN_MODE=slow", "STANDIN_RECORD_DIR=" + record),
                "started; sleeping");

        assertThat(record.resolve("cleaned-up")).exists();
        assertThat(String.join("\n", output)).contains("Maven is stopping (Ctrl-C or SIGTERM)",
                "Cleanly cancelled builds after being interrupted.");
    }

    @Test
    void sigtermToTheJvmLetsRealPackerCancelCleanly() throws Exception {
        Path packer = Tools.require("packer");
        Path vars = Files.writeString(workDir.resolve("vars.json"), "{}");
        Path template = Files.writeString(workDir.resolve("template.json"), """
                {"builders": [{"type": "null", "name": "slow", "communicator": "none"}],
                 "provisioners": [{"type": "shell-local", "inline": ["echo started", "sleep 30", "echo never"]}]}
                """);

        List<String> output = runAndTerminate(List.of(packer.toString(), workDir.toString(), template.toString(),
                vars.toString()), "slow: started");

        assertThat(String.join("\n", output)).contains("Maven is stopping (Ctrl-C or SIGTERM)",
                "Cleanly cancelled builds after being interrupted.").doesNotContain("never");
    }

    /** Starts {@link ShutdownHookMain}, SIGTERMs its JVM once {@code ready} is logged, checks nothing is left. */
    private List<String> runAndTerminate(List<String> args, String ready) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath(),
                ShutdownHookMain.class.getName()));
        command.addAll(args);
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        List<ProcessHandle> processes;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.contains(ready)) {
                output.add(line);
            }
            assertThat(line).as(String.join("\n", output)).isNotNull();
            processes = jvm.toHandle().descendants().toList();
            jvm.toHandle().destroy(); // SIGTERM to the JVM, as `kill` (or Ctrl-C) would
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        }
        assertThat(jvm.waitFor(3, TimeUnit.MINUTES)).isTrue();
        ProcessAssertions.assertAllGone(processes);
        return output;
    }
}
