package org.arvados.maven.packer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "No process of the build remains", checked on the handles seen while it ran. */
final class ProcessAssertions {
    private ProcessAssertions() {
    }

    /** Every process under this JVM right now (the build's tree while it runs). */
    static List<ProcessHandle> jvmDescendants() {
        return ProcessHandle.current().descendants().toList();
    }

    static void assertAllGone(List<ProcessHandle> processes) {
        assertThat(processes).as("processes seen during the build").isNotEmpty();
        assertThat(processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                .as("build processes still alive").isEmpty();
    }
}
