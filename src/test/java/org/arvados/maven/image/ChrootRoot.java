package org.arvados.maven.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Debian root on the host that tests run commands in with chroot. {@link #mount()} mounts /proc, /sys, /dev
 * and /dev/pts inside it and installs a policy-rc.d that refuses every service start; {@link #close()} ends the
 * processes still running inside it, unmounts everything (also after a failure) and deletes it, never crossing
 * into another filesystem.
 */
final class ChrootRoot implements AutoCloseable {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String POLICY_RC_D = "/usr/sbin/policy-rc.d";

    record Result(int exitCode, String output) {
    }

    private final Path dir;
    private final Deque<Path> mounts = new ArrayDeque<>();
    private static final AtomicInteger PROVISIONING_RUNS = new AtomicInteger();

    private ChrootRoot(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    static ChrootRoot extract(Path tarball, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(List.of("tar", "-C", dir.toString(), "--numeric-owner", "-xpf", tarball.toString()));
        return new ChrootRoot(dir);
    }

    void mount() throws IOException, InterruptedException {
        mountAt("/proc", "-t", "proc", "proc");
        mountAt("/sys", "-t", "sysfs", "sysfs");
        mountAt("/dev", "--bind", "/dev");
        mountAt("/dev/pts", "--bind", "/dev/pts");
        Path policy = path(POLICY_RC_D);
        Files.writeString(policy, "#!/bin/sh\n# Test root: no service may start.\nexit 101\n");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void mountAt(String inRoot, String... args) throws IOException, InterruptedException {
        Path target = path(inRoot);
        Files.createDirectories(target);
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        command.add(target.toString());
        run(command);
        mounts.push(target);
    }

    /** A path inside the root, as the host sees it. */
    Path path(String inRoot) {
        return dir.resolve(inRoot.replaceFirst("^/+", ""));
    }

    String read(String inRoot) throws IOException {
        return Files.readString(path(inRoot));
    }

    /** Runs a command inside the root and returns its output; fails the test when it fails. */
    String exec(String... command) throws IOException, InterruptedException {
        Result result = execResult(List.of(command));
        if (result.exitCode() != 0) {
            throw new AssertionError("in the root, " + String.join(" ", command) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result.output();
    }

    Result execResult(List<String> command) throws IOException, InterruptedException {
        return execResult(Map.of(), command, null);
    }

    /** As {@link #execResult(List)} in a network namespace of its own, where no address answers. */
    Result execResultWithoutNetwork(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("unshare", "--net"));
        full.addAll(inRoot(Map.of(), command));
        return outcome(full, null);
    }

    private Result execResult(Map<String, String> env, List<String> command, Path log)
            throws IOException, InterruptedException {
        return outcome(inRoot(env, command), log);
    }

    /** Runs a full command line (chroot included); its output is returned, or written to {@code log}. */
    private static Result outcome(List<String> full, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        Process process = builder.start();
        String output = log == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        int exit = process.waitFor();
        return new Result(exit, log == null ? output : Files.readString(log));
    }

    /** Starts a command inside the root, both its streams going to {@code log}; the caller ends it. */
    Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(inRoot(Map.of(), command)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
    }

    /** chroot, then a clean environment: only what is given reaches the command. */
    private List<String> inRoot(Map<String, String> env, List<String> command) {
        List<String> full = new ArrayList<>(List.of("chroot", dir.toString(), "/usr/bin/env", "-i", "PATH=" + PATH,
                "LANG=C.UTF-8", "HOME=/root"));
        env.forEach((name, value) -> full.add(name + "=" + value));
        full.addAll(command);
        return full;
    }

    /** Runs WORKDIR/provision.sh as Packer would (root, exactly this environment); fails with its log's tail. */
    void runProvisioning(Map<String, String> env) throws IOException, InterruptedException {
        // Kept in target/ (the root itself is deleted at the end) for reading after a failure.
        Path logDir = Files.createDirectories(Path.of("target", "provisioning-it"));
        Path log = logDir.resolve("provision-" + PROVISIONING_RUNS.incrementAndGet() + ".log").toAbsolutePath();
        Result result = execResult(env, List.of("/bin/bash", env.get("WORKDIR") + "/provision.sh"), log);
        if (result.exitCode() != 0) {
            List<String> lines = result.output().lines().toList();
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            throw new AssertionError("provision.sh exited " + result.exitCode() + " with " + env + " (log " + log
                    + "):\n" + tail);
        }
    }

    /** Runs WORKDIR/provision.sh expecting it to fail; returns its output. */
    String runProvisioningExpectingFailure(Map<String, String> env) throws IOException, InterruptedException {
        Result result = execResult(env, List.of("/bin/bash", env.get("WORKDIR") + "/provision.sh"), null);
        if (result.exitCode() == 0) {
            throw new AssertionError("provision.sh succeeded with " + env + ":\n" + result.output());
        }
        return result.output();
    }

    /** Deletes a folder inside the root (plain files only, as the provisioning folder is). */
    void deleteRecursively(Path folder) throws IOException {
        if (!folder.startsWith(dir) || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The root's folder on the host. */
    Path dir() {
        return dir;
    }

    /**
     * Ends the processes still running inside, unmounts what {@link #mount()} mounted and removes its
     * policy-rc.d, leaving the root as a disk image would hold it.
     */
    void unmount() throws IOException, InterruptedException {
        killProcessesInside();
        List<String> failures = new ArrayList<>();
        while (!mounts.isEmpty()) {
            Path target = mounts.pop();
            if (exitCode(List.of("umount", target.toString())) != 0
                    && exitCode(List.of("umount", "-l", target.toString())) != 0) {
                failures.add(target.toString());
            }
        }
        if (!failures.isEmpty() || stillMounted()) {
            throw new IllegalStateException("could not unmount " + failures + " under " + dir + "; not deleting it");
        }
        Files.deleteIfExists(path(POLICY_RC_D));
    }

    /** Unmounts (also after a failure) and deletes the folder the root was extracted into, with the root. */
    @Override
    public void close() throws IOException, InterruptedException {
        unmount();
        run(List.of("rm", "-rf", "--one-file-system", dir.getParent().toString()));
    }

    /** gpg-agent and the like, started by commands this test ran inside the root. */
    private void killProcessesInside() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readSymbolicLink(proc.resolve("root")).equals(dir)) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException | SecurityException gone) {
                    // The process ended, or is not ours to inspect.
                }
            }
        }
    }

    private boolean stillMounted() throws IOException {
        String prefix = dir + "/";
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(line -> line.split(" ")[1])
                .anyMatch(mountPoint -> mountPoint.startsWith(prefix));
    }

    /** Runs a host command; returns its output, or throws with it when the command fails. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited " + exit + ":\n" + output);
        }
        return output;
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
