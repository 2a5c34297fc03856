package org.arvados.maven.packer;

import org.arvados.maven.process.ProcessTree;
import org.arvados.maven.process.StreamPump;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Starts packer (or asks it something short) with the environment every packer run gets. */
final class ChildProcesses {
    /** Output kept from a short command: enough for any error packer prints, bounded. */
    static final int MAX_CAPTURE = 64 * 1024;

    private ChildProcesses() {
    }

    /** What a short command printed (stdout and stderr together) and its exit code. */
    record Captured(int exitCode, String output, boolean timedOut) {
    }

    /** The inherited environment, no phone-home version check, then {@code extra} (credentials). */
    static ProcessBuilder builder(List<String> command, Path workDir, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().putAll(extra);
        return builder;
    }

    /** Runs a short command to its end (at most {@code timeout}; then the whole tree is killed). */
    static Captured run(List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException {
        Process process = builder(command, workDir, env).redirectErrorStream(true).start();
        ProcessTree tree = new ProcessTree(process.toHandle());
        // A short command owns no cloud resource: if Maven is stopped meanwhile, it goes with it.
        Thread hook = new Thread(tree::killAll, "packer-short-command-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        StringBuilder output = new StringBuilder();
        boolean exited;
        try {
            process.getOutputStream().close();
            StreamPump pump = StreamPump.start("packer-output-" + process.pid(), process.getInputStream(),
                    line -> append(output, line), () -> { });
            exited = waitFor(process, timeout);
            if (!exited) {
                tree.killAll();
                waitFor(process, Duration.ofSeconds(10));
            }
            pump.join(10_000);
        } finally {
            removeHook(hook);
        }
        synchronized (output) {
            return new Captured(exited ? process.exitValue() : -1, output.toString(), !exited);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }

    private static void append(StringBuilder output, String line) {
        synchronized (output) {
            if (output.length() < MAX_CAPTURE) {
                output.append(line, 0, Math.min(line.length(), MAX_CAPTURE - output.length())).append('\n');
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
