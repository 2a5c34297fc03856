package org.arvados.maven.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * P7 and P8 of the boot issue, run by bench/boot.sh (root, qemu, debootstrap; about 2 minutes a boot pair under
 * TCG). Prints figures and ratios, asserts nothing.
 * <ul>
 *   <li>P7: time from qemu's start to the boot probe passing, the provisioned Docker image against the stock
 *       base, each booted fresh from a copy of its disk, interleaved; medians, and where each one's last boot
 *       spent its time (systemd-analyze blame and critical-chain, cloud-init analyze blame).</li>
 *   <li>P8: the scratch unit's own time on the two NVMe disks (its activation at boot; and its script run on the
 *       quiet system of a boot with the unit masked) against {@code mkfs.xfs} alone on the same two disks, in that
 *       same quiet VM.</li>
 * </ul>
 */
public final class WorkerBootBench {
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(10);
    private static final String SCRATCH = "arvados-scratch.service";
    /** A boot that leaves the instance disks alone, for timing on a quiet system with nothing on them. */
    private static final String NO_SCRATCH = "systemd.mask=" + SCRATCH;
    /** Where a boot's time went: systemd's units, the chain the boot probe waited on, cloud-init's modules. */
    private static final String WHERE_THE_TIME_WENT = "echo '--- systemd-analyze blame (top 8)'; "
            + "systemd-analyze blame --no-pager | head -n 8; echo '--- systemd-analyze critical-chain'; "
            + "systemd-analyze critical-chain --no-pager; echo '--- cloud-init analyze blame (top 12)'; "
            + "sudo cloud-init analyze blame | head -n 14";
    /**
     * The scratch script again, the scratch space {@link #TIME_SCRATCH} made taken down and its disks wiped, each
     * traced command prefixed with the time it started (bash's clock). PS4 is set through BASH_ENV: bash run as
     * root takes no PS4 from its environment.
     */
    private static final String TRACE_SCRATCH = "sudo sh -c 'umount /tmp && cryptsetup close arvados-scratch && "
            + "dmsetup remove arvados-scratch-disks && wipefs -a -q /dev/nvme0n1 /dev/nvme1n1; "
            + "printf \"%s\\n\" \"PS4=\\\"+ \\\\\\$EPOCHREALTIME \\\"\" >/run/trace-ps4; "
            + "BASH_ENV=/run/trace-ps4 bash -x /usr/local/sbin/arvados-scratch 2>&1 >/dev/null; date +%s.%N'";
    private static final String TIME_MKFS = "sudo sh -c 'start=$(date +%s%N); mkfs.xfs -f -q /dev/nvme0n1; "
            + "mkfs.xfs -f -q /dev/nvme1n1; echo $(( ($(date +%s%N) - start) / 1000 ))'";
    private static final String TIME_SCRATCH = "sudo sh -c 'wipefs -a -q /dev/nvme0n1 /dev/nvme1n1; start=$(date +%s%N); "
            + "/usr/local/sbin/arvados-scratch; echo $(( ($(date +%s%N) - start) / 1000 ))'";

    private WorkerBootBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (WorkerImages images = WorkerImages.create(DebianRelease.BOOKWORM, Path.of("target", "boot-bench"))) {
            BootDisk base = images.base("base");
            BootDisk docker = images.provision("docker", images.spec(), Map.of());
            List<Long> baseBoots = new ArrayList<>();
            List<Long> dockerBoots = new ArrayList<>();
            List<Long> scratchAtBoot = new ArrayList<>();
            List<Long> scratchQuiet = new ArrayList<>();
            List<Long> mkfs = new ArrayList<>();
            String baseTime = "";
            String dockerTime = "";
            String scratchSteps = "";
            for (int i = 1; i <= runs; i++) {
                try (BootedWorker worker = boot(images, base, "base-" + i)) {
                    baseBoots.add(probe(worker));
                    baseTime = worker.ok(WHERE_THE_TIME_WENT);
                }
                try (BootedWorker worker = boot(images, docker, "docker-" + i)) {
                    dockerBoots.add(probe(worker));
                    dockerTime = worker.ok(WHERE_THE_TIME_WENT);
                    scratchAtBoot.add(activationMicros(worker));
                }
                try (BootedWorker worker = images.boot("quiet-" + i, images.copy(docker, "quiet-" + i),
                        images.instanceDisks("quiet-" + i), 22, WorkerImages.ADMIN, NO_SCRATCH)) {
                    probe(worker);
                    mkfs.add(Long.parseLong(worker.ok(TIME_MKFS).strip()));
                    scratchQuiet.add(Long.parseLong(worker.ok(TIME_SCRATCH).strip()));
                    scratchSteps = stepTimes(worker.ok(TRACE_SCRATCH));
                }
                System.out.printf("run %d: base %d ms, docker %d ms; scratch at boot %d ms, quiet %d ms, mkfs.xfs %d ms%n",
                        i, last(baseBoots), last(dockerBoots), last(scratchAtBoot) / 1000, last(scratchQuiet) / 1000,
                        last(mkfs) / 1000);
            }
            System.out.printf("%nP7 boot probe passing after qemu start, medians of %d: provisioned %d ms, stock base %d ms,"
                    + " ratio %.2fx (target <= 1.15x)%n", runs, median(dockerBoots), median(baseBoots),
                    (double) median(dockerBoots) / median(baseBoots));
            System.out.printf("P8 scratch unit vs mkfs.xfs on the same two disks, medians: quiet %d ms, at boot %d ms,"
                    + " mkfs.xfs %d ms, ratio %.2fx quiet, %.2fx at boot (target <= 1.5x)%n",
                    median(scratchQuiet) / 1000, median(scratchAtBoot) / 1000, median(mkfs) / 1000,
                    (double) median(scratchQuiet) / median(mkfs), (double) median(scratchAtBoot) / median(mkfs));
            System.out.printf("%nWhere the time went, stock base (last boot):%n%s%nprovisioned (last boot):%n%s",
                    baseTime, dockerTime);
            System.out.printf("%nThe scratch script's steps on the quiet system (last run), slowest first:%n%s", scratchSteps);
        }
    }

    private static BootedWorker boot(WorkerImages images, BootDisk disk, String name) throws Exception {
        return images.boot(name, images.copy(disk, name), images.instanceDisks(name), 22);
    }

    private static long probe(BootedWorker worker) throws Exception {
        Dispatcher dispatcher = worker.dispatcher();
        dispatcher.awaitInstanceSecret(worker.seed().instanceSecret(), BOOT_LIMIT);
        return dispatcher.awaitBootProbe(BOOT_LIMIT).toMillis();
    }

    /** From the unit leaving "inactive" to entering "active", in microseconds. */
    private static long activationMicros(BootedWorker worker) throws Exception {
        return Long.parseLong(worker.unitProperty(SCRATCH, "ActiveEnterTimestampMonotonic"))
                - Long.parseLong(worker.unitProperty(SCRATCH, "InactiveExitTimestampMonotonic"));
    }

    /**
     * From a trace whose lines start "+ <epoch seconds> <command>" (and end with the end time alone), each
     * traced command's own time, from its start to the next traced line, slowest ten first. Other lines (a
     * command's output, the rest of a multi-line argument) are passed over.
     */
    static String stepTimes(String trace) {
        List<String[]> lines = trace.lines().filter(line -> line.matches("\\++ [0-9]+\\.[0-9]+ .*|[0-9]+\\.[0-9]+"))
                .map(line -> line.replaceFirst("^\\++ ", "").split(" ", 2)).toList();
        List<String> steps = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            double took = Double.parseDouble(lines.get(i + 1)[0]) - Double.parseDouble(lines.get(i)[0]);
            steps.add(String.format("%8.0f ms  %s", took * 1000, lines.get(i).length > 1 ? lines.get(i)[1] : ""));
        }
        return steps.stream().sorted(Comparator.reverseOrder()).limit(10)
                .map(step -> step + System.lineSeparator()).reduce("", String::concat);
    }

    private static long last(List<Long> values) {
        return values.get(values.size() - 1);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
