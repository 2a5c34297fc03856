package org.arvados.maven.bench;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeySpec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Key generation as arvados:keypair does it (DispatcherKeys.ensure on a missing key: generate, encode, write
 * both files atomically) against {@code ssh-keygen -q -N '' -t ...} making the same key, interleaved run by run
 * in one process. The Java side runs in a JVM warmed by a few generations first, as in a Maven build where the
 * JVM is already up; the ssh-keygen side pays its own process start, as it does for a user. Prints medians and
 * the ratio goal/ssh-keygen. Run through bench/keypair.sh.
 */
public final class KeypairBench {
    private static final int WARMUP = 3;

    private KeypairBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createTempDirectory("keypair-bench");
        String sshKeygen = args.length > 1 ? args[1] : "ssh-keygen";
        System.out.printf("cores available: %d, runs: %d (medians), warm-up generations per case: %d%n",
                Runtime.getRuntime().availableProcessors(), runs, WARMUP);
        long cold = timeGoal(new DispatcherKeys(), dir, "rsa", 4096);
        System.out.printf("first RSA 4096 generation in a fresh JVM (not in the medians): %.0f ms%n", cold / 1e6);
        compare("rsa 4096", new DispatcherKeys(), dir, "rsa", 4096, runs, sshKeygen, "-t", "rsa", "-b", "4096");
        compare("ed25519", new DispatcherKeys(), dir, "ed25519", 0, runs, sshKeygen, "-t", "ed25519");
    }

    private static void compare(String name, DispatcherKeys keys, Path dir, String type, int bits, int runs,
                                String sshKeygen, String... keygenArgs) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            timeGoal(keys, dir, type, bits);
        }
        long[] goal = new long[runs];
        long[] tool = new long[runs];
        for (int i = 0; i < runs; i++) {
            goal[i] = timeGoal(keys, dir, type, bits);
            tool[i] = timeSshKeygen(dir, sshKeygen, keygenArgs);
        }
        double goalMs = median(goal) / 1e6;
        double toolMs = median(tool) / 1e6;
        System.out.printf("%-58s goal %8.1f ms   ssh-keygen %8.1f ms   ratio %.2fx%n", name, goalMs, toolMs,
                goalMs / toolMs);
    }

    private static long timeGoal(DispatcherKeys keys, Path dir, String type, int bits) throws IOException {
        Path keyFile = Files.createTempDirectory(dir, "goal").resolve("id");
        KeySpec spec = KeySpec.of(keyFile, type, bits == 0 ? 4096 : bits, null, "zzzzz");
        long start = System.nanoTime();
        keys.ensure(spec, BuildLog.SILENT);
        return System.nanoTime() - start;
    }

    private static long timeSshKeygen(Path dir, String sshKeygen, String... keygenArgs) throws Exception {
        Path keyFile = Files.createTempDirectory(dir, "tool").resolve("id");
        List<String> command = new ArrayList<>(List.of(sshKeygen, "-q", "-N", "", "-C", "x", "-f", keyFile.toString()));
        command.addAll(List.of(keygenArgs));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed");
        }
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
