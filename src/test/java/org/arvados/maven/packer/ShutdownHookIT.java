package org.arvados.maven.packer;

import org.arvados.maven.testing.ProcessAssertions;
import org.arvados.maven.testing.SigtermedJvm;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** Runs {@link ShutdownHookMain} and SIGTERMs its JVM once {@code ready} is logged; checks nothing is left. */
    private static List<String> runAndTerminate(List<String> args, String ready) throws Exception {
        return SigtermedJvm.runAndTerminate(ShutdownHookMain.class, args, ready);
    }
}
