package org.arvados.maven.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM that runs {@code main} and gets SIGTERM mid-run, as `kill` or Ctrl-C reaches Maven's JVM. */
public final class SigtermedJvm {
    private SigtermedJvm() {
    }

    /**
     * Starts {@code main} with {@code args} in a JVM of this one's classpath, SIGTERMs it once a line containing
     * {@code ready} is printed, and returns everything it printed; checks that no process it started is left.
     */
    public static List<String> runAndTerminate(Class<?> main, List<String> args, String ready) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
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
