package org.arvados.maven.image;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker VM booted the way these machines can: qemu's direct kernel boot of a {@link BootDisk}, extra NVMe disks
 * as instance storage (EC2's instance store) and SCSI disks (Azure's resource disk, sda here: the OS disk is the
 * virtio vda), the NoCloud seed read-only on a virtio disk, user-mode networking with the guest's SSH port
 * forwarded to 127.0.0.1 only, and the serial console in a file. KVM where a trial boot shows it works, else
 * software emulation (TCG).
 */
final class QemuVm implements AutoCloseable {
    private static final String QEMU = "qemu-system-x86_64";
    /** A safety net for the KVM trial, not a speed check: a working KVM prints the kernel banner in well under 1 s. */
    private static final Duration KVM_TRIAL_LIMIT = Duration.ofSeconds(20);
    private static volatile String accel;

    private final Process process;
    private final int sshPort;
    private final Path console;
    private final Instant startedAt;

    private QemuVm(Process process, int sshPort, Path console, Instant startedAt) {
        this.process = process;
        this.sshPort = sshPort;
        this.console = console;
        this.startedAt = startedAt;
    }

    /** {@code kernelArgs} are added to the kernel's command line (e.g. systemd.mask=...); empty for none. */
    static QemuVm boot(BootDisk disk, List<Path> nvmeDisks, List<Path> scsiDisks, Path seedIso, int guestSshPort,
                       Path console, String kernelArgs) throws IOException, InterruptedException {
        int hostPort = freePort();
        List<String> command = new ArrayList<>(machine(accel(disk), disk));
        command.addAll(List.of("-append", ("root=/dev/vda rw console=ttyS0 " + kernelArgs).strip(),
                "-drive", "file=" + disk.image() + ",format=raw,if=virtio",
                "-drive", "file=" + seedIso + ",format=raw,if=virtio,readonly=on",
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:" + hostPort + "-:" + guestSshPort,
                "-device", "virtio-net-pci,netdev=net0"));
        for (int i = 0; i < nvmeDisks.size(); i++) {
            command.addAll(List.of("-drive", "file=" + nvmeDisks.get(i) + ",if=none,id=nvme" + i + ",format=raw",
                    "-device", "nvme,serial=nvme" + i + ",drive=nvme" + i));
        }
        if (!scsiDisks.isEmpty()) {
            command.addAll(List.of("-device", "virtio-scsi-pci,id=scsi0"));
        }
        for (int i = 0; i < scsiDisks.size(); i++) {
            command.addAll(List.of("-drive", "file=" + scsiDisks.get(i) + ",if=none,id=scsi" + i + ",format=raw",
                    "-device", "scsi-hd,bus=scsi0.0,drive=scsi" + i));
        }
        Instant startedAt = Instant.now();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        return new QemuVm(process, hostPort, console, startedAt);
    }

    private static List<String> machine(String accel, BootDisk disk) {
        List<String> command = new ArrayList<>(List.of(QEMU, "-accel", accel, "-smp", "2", "-m", "2048",
                "-nographic", "-no-reboot", "-kernel", disk.kernel().toString(), "-initrd", disk.initrd().toString()));
        if (accel.equals("kvm")) {
            command.addAll(List.of("-cpu", "host"));
        }
        return command;
    }

    /**
     * kvm when /dev/kvm exists and a kernel started with it prints its banner, else tcg: on machines that are
     * themselves VMs a KVM guest may abort or hang in the firmware. TCG runs both vCPUs on one host thread: with
     * a thread per vCPU (qemu 7.2), Debian 13's kernel 6.12 sometimes dies early in the boot with an "int3"
     * Oops, one vCPU running code another is patching.
     */
    static String accel(BootDisk disk) throws IOException, InterruptedException {
        if (accel == null) {
            accel = Files.exists(Path.of("/dev/kvm")) && kvmBoots(disk) ? "kvm" : "tcg,thread=single";
        }
        return accel;
    }

    private static boolean kvmBoots(BootDisk disk) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(machine("kvm", disk));
        // No root: the kernel panics and, with -no-reboot, qemu exits.
        command.addAll(List.of("-append", "console=ttyS0 panic=-1"));
        Path output = Files.createTempFile("kvm-trial", ".log");
        Process trial = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            trial.waitFor(KVM_TRIAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return Files.readString(output, StandardCharsets.ISO_8859_1).contains("Linux version");
        } finally {
            stop(trial);
            Files.delete(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int sshPort() {
        return sshPort;
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the guest to power itself off (qemu exits with -no-reboot); false when it did not in time. */
    boolean awaitPowerOff(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The console's last lines, for a failure message. */
    String consoleTail(int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(console), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(console " + console + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends qemu: SIGTERM (it stops the guest at once), then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
