package org.arvados.maven.packer;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.Setting;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code packer build} in progress. Stopping it always goes one way, whoever asks (the JVM shutdown
 * hook on Ctrl-C / SIGTERM to Maven, {@link #cancel()}, or the timeout): SIGTERM to packer
 * ({@link ProcessHandle#destroy()}; not {@link Process#destroy()}, which also closes packer's output pipes
 * so packer dies of SIGPIPE mid-cleanup), which makes packer undo every completed step (terminate the build VM,
 * delete the temporary key pair, security group, resource group), then wait up to the cleanup timeout
 * for it to exit. Only if it has not exited by then are its descendants and then packer killed, with
 * a warning that cloud resources may leak. Either way no process of the build survives.
 */
public final class RunningBuild {
    /** How long to wait for the output threads after packer exited (its pipes close with it). */
    private static final long PUMP_JOIN_MILLIS = 10_000;

    enum StopReason { SHUTDOWN, CANCELLED, TIMEOUT }

    private final Process process;
    private final BuildRequest request;
    private final BuildLog log;
    private final BuildOutput output;
    private final StreamPump stdout;
    private final StreamPump stderr;
    private final ProcessTree tree;
    private final Thread shutdownHook;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Object stopLock = new Object();
    private boolean stopFinished;
    private volatile boolean killed;

    RunningBuild(Process process, BuildRequest request, BuildLog log, BuildOutput output) {
        this.process = process;
        this.request = request;
        this.log = log;
        this.output = output;
        this.tree = new ProcessTree(process.toHandle());
        this.stdout = StreamPump.start("packer-stdout-" + process.pid(), process.getInputStream(), output::stdout,
                output::flush);
        this.stderr = StreamPump.start("packer-stderr-" + process.pid(), process.getErrorStream(), output::stderr,
                output::flush);
        this.shutdownHook = new Thread(() -> stop(StopReason.SHUTDOWN), "packer-cancel-" + process.pid());
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: nobody would wait for this build, so stop it at once.
            stop(StopReason.SHUTDOWN);
            throw e;
        }
    }

    /**
     * Stops the build the way the shutdown hook does: SIGTERM, packer cleans up, wait up to the cleanup
     * timeout, kill the whole tree only after that. Returns once packer and its descendants are gone.
     */
    public void cancel() {
        stop(StopReason.CANCELLED);
    }

    /** The thread registered as JVM shutdown hook while the build runs (tests run it directly). */
    Thread shutdownHook() {
        return shutdownHook;
    }

    /**
     * Waits for the build to end (cancelling it at the request's timeout), reads all of its output, and
     * tells how it went. The shutdown hook is removed before this returns.
     */
    public BuildResult await() {
        try {
            if (!waitForExit(request.timeout())) {
                stop(StopReason.TIMEOUT);
            }
            // If the shutdown hook is stopping the build, this waits for its cleanup, hard kill included.
            waitForExit(null);
            synchronized (stopLock) {
                if (stopReason.get() != null) {
                    finishStop();
                }
            }
            joinPumps();
        } finally {
            removeShutdownHook();
            output.close();
        }
        StopReason reason = stopReason.get();
        return new BuildResult(process.exitValue(), output.artifacts(), output.errors(), reason != null,
                reason == StopReason.TIMEOUT, killed, output.lastErrorLines());
    }

    private void stop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            tree.remember();
            log.warn(why(reason) + ": stopping packer (SIGTERM). packer is now deleting what the build created in"
                    + " the cloud (build VM, temporary key pair, security group); waiting up to "
                    + Durations.describe(request.cleanupTimeout()) + " for it to finish. Do not kill Maven or"
                    + " packer meanwhile, or those resources may be left behind.");
            // SIGTERM through the handle: Process.destroy() would also close our ends of packer's pipes,
            // losing its cleanup output and killing it with SIGPIPE (exit 141) mid-cleanup.
            process.toHandle().destroy();
        }
        synchronized (stopLock) {
            waitForCleanup();
            finishStop();
        }
    }

    private String why(StopReason reason) {
        return switch (reason) {
            case SHUTDOWN -> "Maven is stopping (Ctrl-C or SIGTERM) while packer builds";
            case CANCELLED -> "The packer build was cancelled";
            case TIMEOUT -> "The packer build did not finish within " + Durations.describe(request.timeout())
                    + ", its " + Setting.element("timeout");
        };
    }

    /** Waits for packer to exit after SIGTERM, noting its descendants meanwhile; kills all after the timeout. */
    private void waitForCleanup() {
        long deadline = Durations.deadlineNanos(request.cleanupTimeout());
        while (process.isAlive() && System.nanoTime() < deadline) {
            tree.remember();
            long left = Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            waitForExit(Duration.ofNanos(Math.max(left, 1)));
        }
        if (process.isAlive()) {
            killed = true;
            int count = tree.killAll();
            waitForExit(null);
            log.error("packer did not finish cleaning up within " + Durations.describe(request.cleanupTimeout())
                    + "; killed it and its processes (" + count + "). Cloud resources the build created (a VM"
                    + " named packer_*, temporary key pairs, security groups) may remain: check the cloud console"
                    + " and delete them.");
        }
    }

    /** Once per build: kill what packer left behind and read the last of its output. */
    private void finishStop() {
        if (stopFinished) {
            return;
        }
        stopFinished = true;
        int leftovers = tree.killLeftovers();
        if (leftovers > 0) {
            log.debug("Killed " + leftovers + " process(es) packer left behind when it exited");
        }
        joinPumps();
        if (!killed) {
            log.info("packer stopped (exit " + process.exitValue() + ")");
        }
    }

    private void joinPumps() {
        if (!stdout.join(PUMP_JOIN_MILLIS) || !stderr.join(PUMP_JOIN_MILLIS)) {
            log.warn("packer's output did not end within " + PUMP_JOIN_MILLIS / 1000 + "s after it exited;"
                    + " the log may be incomplete");
        }
    }

    /** Waits without being interruptible (the build must be stopped properly); null waits until exit. */
    private boolean waitForExit(Duration limit) {
        boolean interrupted = false;
        long deadline = limit == null ? 0 : Durations.deadlineNanos(limit);
        try {
            while (true) {
                try {
                    if (limit == null) {
                        process.waitFor();
                        return true;
                    }
                    return process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (stopReason.get() == null) {
                        // Interrupting Maven's thread means stop: do it the clean way.
                        Thread.interrupted();
                        new Thread(this::cancel, "packer-cancel-interrupted").start();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running (or ran) and waits for packer itself.
        }
    }
}
