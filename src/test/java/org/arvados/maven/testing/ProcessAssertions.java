package org.arvados.maven.testing;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "No process of the build remains", checked on the handles seen while it ran. */
public final class ProcessAssertions {
    private ProcessAssertions() {
    }

    /** Every process under this JVM right now (the build's tree while it runs). */
    public static List<ProcessHandle> jvmDescendants() {
        return ProcessHandle.current().descendants().toList();
    }

    public static void assertAllGone(List<ProcessHandle> processes) {
        assertThat(processes).as("processes seen during the build").isNotEmpty();
        assertThat(processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                .as("build processes still alive").isEmpty();
    }
}
