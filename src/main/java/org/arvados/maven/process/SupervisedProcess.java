package org.arvados.maven.process;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A long child process that owns cloud resources (packer's build VM, cloudtest's test VM) and deletes them when
 * asked to stop. Stopping always goes one way, whoever asks (the JVM shutdown hook on Ctrl-C / SIGTERM to Maven,
 * {@link #cancel()}, or the timeout): SIGTERM to the child ({@link ProcessHandle#destroy()}; not
 * {@link Process#destroy()}, which also closes the child's output pipes so it dies of SIGPIPE mid-cleanup), then
 * wait up to the cleanup timeout for it to exit. Only if it has not exited by then are its descendants and then
 * the child killed, with an error that cloud resources may leak. Either way no process of it survives, and its
 * output is read to the end.
 */
public final class SupervisedProcess {
    /** How long to wait for the output threads after the child exited (its pipes close with it). */
    private static final long PUMP_JOIN_MILLIS = 10_000;

    public enum StopReason { SHUTDOWN, CANCELLED, TIMEOUT }

    /** What the log says when the child is stopped: what it is cleaning up differs from child to child. */
    public interface StopMessages {
        /** Warned when SIGTERM goes out. */
        String stopping(StopReason reason);

        /** The error after the cleanup timeout, when the child and its {@code count} processes were killed. */
        String killed(int count);
    }

    /**
     * How the child ended.
     *
     * @param exitCode   its exit code
     * @param stopReason why it was stopped; null when it ended on its own
     * @param killed     it did not exit within the cleanup timeout after SIGTERM and was killed
     */
    public record Outcome(int exitCode, StopReason stopReason, boolean killed) {
        public boolean stopped() {
            return stopReason != null;
        }
    }

    private final Process process;
    private final String name;
    private final Duration timeout;
    private final Duration cleanupTimeout;
    private final BuildLog log;
    private final StopMessages messages;
    private final StreamPump stdout;
    private final StreamPump stderr;
    private final ProcessTree tree;
    private final Thread shutdownHook;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Object stopLock = new Object();
    private boolean stopFinished;
    private volatile boolean killed;

    /**
     * Supervises {@code process} from now on: its output lines go to the sinks as they arrive ({@code idle} runs
     * whenever no further line is waiting, to flush files), and a shutdown hook stops it if the JVM exits.
     *
     * @param timeout null for none
     */
    public SupervisedProcess(Process process, String name, Duration timeout, Duration cleanupTimeout,
                             Consumer<String> stdoutSink, Consumer<String> stderrSink, Runnable idle, BuildLog log,
                             StopMessages messages) {
        this.process = process;
        this.name = name;
        this.timeout = timeout;
        this.cleanupTimeout = cleanupTimeout;
        this.log = log;
        this.messages = messages;
        this.tree = new ProcessTree(process.toHandle());
        this.stdout = StreamPump.start(name + "-stdout-" + process.pid(), process.getInputStream(), stdoutSink, idle);
        this.stderr = StreamPump.start(name + "-stderr-" + process.pid(), process.getErrorStream(), stderrSink, idle);
        this.shutdownHook = new Thread(() -> stop(StopReason.SHUTDOWN), name + "-stop-" + process.pid());
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: nobody would wait for this child, so stop it at once.
            stop(StopReason.SHUTDOWN);
            throw e;
        }
    }

    /**
     * Stops the child the way the shutdown hook does: SIGTERM, the child cleans up, wait up to the cleanup
     * timeout, kill the whole tree only after that. Returns once the child and its descendants are gone.
     */
    public void cancel() {
        stop(StopReason.CANCELLED);
    }

    /** The thread registered as JVM shutdown hook while the child runs (tests run it directly). */
    public Thread shutdownHook() {
        return shutdownHook;
    }

    /**
     * Waits for the child to end (stopping it at the timeout) and reads all of its output. The shutdown hook is
     * removed before this returns.
     */
    public Outcome await() {
        try {
            if (timeout != null && !waitForExit(timeout)) {
                stop(StopReason.TIMEOUT);
            }
            // If the shutdown hook is stopping the child, this waits for its cleanup, hard kill included.
            waitForExit(null);
            synchronized (stopLock) {
                if (stopReason.get() != null) {
                    finishStop();
                }
            }
            joinPumps();
        } finally {
            removeShutdownHook();
        }
        return new Outcome(process.exitValue(), stopReason.get(), killed);
    }

    private void stop(StopReason reason) {
        if (stopReason.compareAndSet(null, reason)) {
            tree.remember();
            log.warn(messages.stopping(reason));
            // SIGTERM through the handle: Process.destroy() would also close our ends of the child's pipes,
            // losing its cleanup output and killing it with SIGPIPE (exit 141) mid-cleanup.
            process.toHandle().destroy();
        }
        synchronized (stopLock) {
            waitForCleanup();
            finishStop();
        }
    }

    /** Waits for the child to exit after SIGTERM, noting its descendants meanwhile; kills all after the timeout. */
    private void waitForCleanup() {
        long deadline = Durations.deadlineNanos(cleanupTimeout);
        while (process.isAlive() && System.nanoTime() < deadline) {
            tree.remember();
            long left = Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            waitForExit(Duration.ofNanos(Math.max(left, 1)));
        }
        if (process.isAlive()) {
            killed = true;
            int count = tree.killAll();
            waitForExit(null);
            log.error(messages.killed(count));
        }
    }

    /** Once per child: kill what it left behind and read the last of its output. */
    private void finishStop() {
        if (stopFinished) {
            return;
        }
        stopFinished = true;
        int leftovers = tree.killLeftovers();
        if (leftovers > 0) {
            log.debug("Killed " + leftovers + " process(es) " + name + " left behind when it exited");
        }
        joinPumps();
        if (!killed) {
            log.info(name + " stopped (exit " + process.exitValue() + ")");
        }
    }

    private void joinPumps() {
        if (!stdout.join(PUMP_JOIN_MILLIS) || !stderr.join(PUMP_JOIN_MILLIS)) {
            log.warn(name + "'s output did not end within " + PUMP_JOIN_MILLIS / 1000 + "s after it exited;"
                    + " the log may be incomplete");
        }
    }

    /** Waits without being interruptible (the child must be stopped properly); null waits until exit. */
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
                        new Thread(this::cancel, name + "-stop-interrupted").start();
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
            // The JVM is shutting down: the hook is running (or ran) and waits for the child itself.
        }
    }
}
