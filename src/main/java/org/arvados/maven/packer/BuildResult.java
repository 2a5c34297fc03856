package org.arvados.maven.packer;

import java.util.List;

/**
 * How a {@code packer build} ended. Every text in it is already masked.
 *
 * @param exitCode       packer's exit code (1 for a failed or cancelled build)
 * @param artifacts      one per build and ID (the manifest post-processor's duplicate listing removed)
 * @param errors         the {@code <build>,error,<message>} lines, as {@code build: message} (bounded)
 * @param cancelled      the build was stopped by the shutdown hook, {@link RunningBuild#cancel()} or timeout
 * @param timedOut       the stop was the request's timeout
 * @param killed         packer did not finish cleaning up within the cleanup timeout and was killed:
 *                       cloud resources may remain
 * @param lastErrorLines the last ui error and stderr lines, for a failure message (bounded)
 */
public record BuildResult(int exitCode, List<Artifact> artifacts, List<String> errors, boolean cancelled,
                          boolean timedOut, boolean killed, List<String> lastErrorLines) {
    public BuildResult {
        artifacts = List.copyOf(artifacts);
        errors = List.copyOf(errors);
        lastErrorLines = List.copyOf(lastErrorLines);
    }

    /** Exit 0, not cancelled. */
    public boolean succeeded() {
        return exitCode == 0 && !cancelled;
    }
}
