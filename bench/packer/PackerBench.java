package org.arvados.maven.packer.bench;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.packer.BuildRequest;
import org.arvados.maven.packer.BuildResult;
import org.arvados.maven.packer.MachineReadableParser;
import org.arvados.maven.packer.PackerEvent;
import org.arvados.maven.packer.PackerExecutable;
import org.arvados.maven.packer.RunningBuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the stand-in through (a) a bare pipe reader, the baseline, (b) the parser alone, (c) the whole
 * runner (parse, mask, log, packer.log), sampling heap use meanwhile; then measures how long SIGTERM
 * takes from cancel() to the stand-in's trap handler (which writes its epoch nanoseconds).
 */
public final class PackerBench {
    private static final String LINE = "1795952341,,ui,message,    amazon-ebs: provisioning output%!(PACKER_COMMA) with a comma";

    public static void main(String[] args) throws Exception {
        Path standin = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int lines = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        System.out.printf("JVM max heap %d MiB, %d lines%n", Runtime.getRuntime().maxMemory() >> 20, lines);

        warmUp(standin, out);
        double baseline = baseline(standin, out, lines);
        double parser = parserOnly(lines);
        double runner = runner(standin, out, lines);
        System.out.printf("ratio runner / bare pipe reader = %.2f; parser alone = %.1fx the runner%n",
                runner / baseline, parser / runner);
        cancelLatency(standin, out, rounds);
    }

    private static void warmUp(Path standin, Path out) throws IOException {
        for (int i = 0; i < 3; i++) {
            runOnce(standin, out.resolve("warmup"), 50_000, new CountingLog());
        }
        parserOnly(200_000);
    }

    /** Baseline: the same process output read line by line with a BufferedReader, nothing else. */
    private static double baseline(Path standin, Path out, int lines) throws Exception {
        Path dir = Files.createDirectories(out.resolve("baseline"));
        ProcessBuilder builder = new ProcessBuilder(standin.toString(), "build").directory(dir.toFile());
        builder.environment().put("STANDIN_LINES", Integer.toString(lines));
        long start = System.nanoTime();
        Process process = builder.start();
        long count = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            while (reader.readLine() != null) {
                count++;
            }
        }
        process.waitFor();
        double rate = rate(count, start);
        System.out.printf("baseline (bare pipe reader): %,d lines, %,.0f lines/s%n", count, rate);
        return rate;
    }

    private static double parserOnly(int lines) {
        long start = System.nanoTime();
        long ui = 0;
        for (int i = 0; i < lines; i++) {
            if (MachineReadableParser.parse(LINE) instanceof PackerEvent.Ui) {
                ui++;
            }
        }
        double rate = rate(ui, start);
        System.out.printf("parser alone: %,d lines, %,.0f lines/s%n", ui, rate);
        return rate;
    }

    private static double runner(Path standin, Path out, int lines) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        CountingLog log = new CountingLog();
        HeapSampler sampler = new HeapSampler(log, lines);
        sampler.start();
        long start = System.nanoTime();
        BuildResult result = runOnce(standin, out.resolve("runner"), lines, log);
        double rate = rate(log.lines.get(), start);
        sampler.interrupt();
        sampler.join();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("runner (parse + mask + log + packer.log): %,d log lines, exit %d, %d artifact(s),"
                        + " %,.0f lines/s; packer.log %,d bytes%n", log.lines.get(), result.exitCode(),
                result.artifacts().size(), rate, Files.size(out.resolve("runner/packer.log")));
        System.out.printf("heap: %.1f MiB before, peak sampled %.1f MiB, after GC %.1f MiB;"
                        + " used after GC at ~10%% of the lines %.1f MiB, at ~90%% %.1f MiB%n",
                mib(before), mib(sampler.peak), mib(after), mib(sampler.at10), mib(sampler.at90));
        return rate;
    }

    private static BuildResult runOnce(Path standin, Path dir, int lines, BuildLog log) throws IOException {
        Files.createDirectories(dir);
        Path template = Files.writeString(dir.resolve("template.json"), "{}");
        Path vars = Files.writeString(dir.resolve("vars.json"), "{}");
        BuildRequest request = BuildRequest.of(dir, template, vars).withEnvironment(
                Map.of("STANDIN_LINES", Integer.toString(lines), "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"),
                new SecretMasker(Set.of("wJalrXUtnFEMI/K7MDENG", "another-secret-value", "AKIAIOSFODNN7EXAMPLE")));
        return PackerExecutable.locate(standin.toString()).build(request, log);
    }

    /** Time from cancel() to the stand-in's SIGTERM trap, read from the epoch nanoseconds it writes. */
    private static void cancelLatency(Path standin, Path out, int rounds) throws Exception {
        PackerExecutable packer = PackerExecutable.locate(standin.toString());
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createDirectories(out.resolve("cancel-" + round));
            Path record = dir.resolve("record");
            Path template = Files.writeString(dir.resolve("template.json"), "{}");
            Path vars = Files.writeString(dir.resolve("vars.json"), "{}");
            CountingLog log = new CountingLog();
            RunningBuild build = packer.start(BuildRequest.of(dir, template, vars).withEnvironment(
                    Map.of("STANDIN_MODE", "slow", "STANDIN_RECORD_DIR", record.toString()), null), log);
            log.started.await();
            Instant cancelledAt = Instant.now();
            build.cancel();
            BuildResult result = build.await();
            long trapNanos = Long.parseLong(Files.readString(record.resolve("sigterm-at")).strip());
            long cancelNanos = cancelledAt.getEpochSecond() * 1_000_000_000L + cancelledAt.getNano();
            micros.add((trapNanos - cancelNanos) / 1000);
            if (!result.cancelled() || result.killed() || !Files.exists(record.resolve("cleaned-up"))) {
                System.out.println("round " + round + ": unexpected result " + result);
            }
        }
        System.out.printf("SIGTERM latency, cancel() -> stand-in trap handler, %d rounds (µs): %s; max %.3f s%n",
                rounds, micros, micros.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
    }

    private static double rate(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** Counts lines and drops them, as a quiet Maven log would cost nothing. */
    private static final class CountingLog implements BuildLog {
        final AtomicLong lines = new AtomicLong();
        final CountDownLatch started = new CountDownLatch(1);

        @Override public void debug(String message) { }
        @Override public void info(String message) { count(message); }
        @Override public void warn(String message) { count(message); }
        @Override public void error(String message) { count(message); }

        private void count(String message) {
            lines.incrementAndGet();
            if (message.contains("started; sleeping")) {
                started.countDown();
            }
        }
    }

    /** Samples used heap every 20 ms; notes it (after a GC) near 10% and 90% of the expected lines. */
    private static final class HeapSampler extends Thread {
        private final CountingLog log;
        private final long lines;
        volatile long peak;
        volatile long at10;
        volatile long at90;

        HeapSampler(CountingLog log, long lines) {
            this.log = log;
            this.lines = lines;
            setDaemon(true);
        }

        @Override
        public void run() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            try {
                while (!isInterrupted()) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    long seen = log.lines.get();
                    if (at10 == 0 && seen >= lines / 10) {
                        at10 = usedAfterGc(memory);
                    }
                    if (at90 == 0 && seen >= lines * 9 / 10) {
                        at90 = usedAfterGc(memory);
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                // done
            }
        }

        private static long usedAfterGc(MemoryMXBean memory) {
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
