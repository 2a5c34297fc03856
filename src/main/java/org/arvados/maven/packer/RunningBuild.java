package org.arvados.maven.packer;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.Setting;
import org.arvados.maven.process.SupervisedProcess;
import org.arvados.maven.process.SupervisedProcess.StopReason;

/**
 * A {@code packer build} in progress, stopped the {@link SupervisedProcess} way: on SIGTERM packer undoes every
 * completed step (terminates the build VM, deletes the temporary key pair, security group, resource group), so
 * it gets the cleanup timeout for that before anything is killed.
 */
public final class RunningBuild {
    private final SupervisedProcess packer;
    private final BuildOutput output;

    RunningBuild(Process process, BuildRequest request, BuildLog log, BuildOutput output) {
        this.output = output;
        this.packer = new SupervisedProcess(process, "packer", request.timeout(), request.cleanupTimeout(),
                output::stdout, output::stderr, output::flush, log, new SupervisedProcess.StopMessages() {
                    @Override
                    public String stopping(StopReason reason) {
                        return why(reason, request) + ": stopping packer (SIGTERM). packer is now deleting what"
                                + " the build created in the cloud (build VM, temporary key pair, security group);"
                                + " waiting up to " + Durations.describe(request.cleanupTimeout()) + " for it to"
                                + " finish. Do not kill Maven or packer meanwhile, or those resources may be left"
                                + " behind.";
                    }

                    @Override
                    public String killed(int count) {
                        return "packer did not finish cleaning up within "
                                + Durations.describe(request.cleanupTimeout()) + "; killed it and its processes ("
                                + count + "). Cloud resources the build created (a VM named packer_*, temporary key"
                                + " pairs, security groups) may remain: check the cloud console and delete them.";
                    }
                });
    }

    private static String why(StopReason reason, BuildRequest request) {
        return switch (reason) {
            case SHUTDOWN -> "Maven is stopping (Ctrl-C or SIGTERM) while packer builds";
            case CANCELLED -> "The packer build was cancelled";
            case TIMEOUT -> "The packer build did not finish within " + Durations.describe(request.timeout())
                    + ", its " + Setting.element("timeout");
        };
    }

    /** Stops the build as the shutdown hook does; returns once packer and its descendants are gone. */
    public void cancel() {
        packer.cancel();
    }

    /** The thread registered as JVM shutdown hook while the build runs (tests run it directly). */
    Thread shutdownHook() {
        return packer.shutdownHook();
    }

    /**
     * Waits for the build to end (cancelling it at the request's timeout), reads all of its output, and
     * tells how it went. The shutdown hook is removed before this returns.
     */
    public BuildResult await() {
        SupervisedProcess.Outcome outcome;
        try {
            outcome = packer.await();
        } finally {
            output.close();
        }
        return new BuildResult(outcome.exitCode(), output.artifacts(), output.errors(), outcome.stopped(),
                outcome.stopReason() == StopReason.TIMEOUT, outcome.killed(), output.lastErrorLines());
    }
}
