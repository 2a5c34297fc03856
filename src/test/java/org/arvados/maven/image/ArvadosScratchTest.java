package org.arvados.maven.image;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot-time scratch script (arvados-scratch.sh) against stand-ins for every disk tool: it sees an EC2-like or an
 * Azure-like set of disks and must pick exactly the unused ones (on Azure the resource disk's partition, never the OS
 * disk) and encrypt them with a key only cryptsetup reads (from /dev/urandom). PATH holds only the stand-ins and
 * harmless real tools, so no real disk, LVM or mount is ever touched.
 */
class ArvadosScratchTest {
    private static final List<String> REAL_TOOLS = List.of(
            "bash", "awk", "grep", "wc", "tr", "chmod", "install", "cat", "basename", "sleep", "mkdir", "sed");
    private static final List<String> STAND_INS = List.of(
            "findmnt", "lsblk", "blockdev", "dmsetup", "cryptsetup", "mkfs.xfs", "mount", "umount",
            "systemctl", "systemd-detect-virt", "jq");
    /** Records each call; answers from out/<tool>/<args with non-alphanumerics as _>; fails when fail/<tool> exists. */
    private static final String STAND_IN = """
            #!/bin/bash
            name="$(basename "$0")"
            echo "$name $*" >>"$FIXTURES/calls.log"
            [ "$name" = dmsetup ] && sed 's/^/  /' >>"$FIXTURES/calls.log"
            answer="$FIXTURES/out/$name/$(printf %s "$*" | tr -c 'A-Za-z0-9' '_')"
            [ -f "$answer" ] && { cat "$answer"; exit 0; }
            [ -f "$FIXTURES/fail/$name" ] && exit 1
            exit 0
            """;

    @TempDir
    Path dir;
    private Path fixtures;
    private Path mountpoint;
    /** What the last {@link #runScratch()} printed. */
    private String output;

    @BeforeEach
    void standIns() throws IOException {
        fixtures = Files.createDirectories(dir.resolve("fixtures"));
        mountpoint = Files.createDirectories(dir.resolve("tmp"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : REAL_TOOLS) {
            // A wrapper rather than a symlink: JUnit's @TempDir cleanup warns about links leading outside.
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + Tools.require(tool) + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String tool : STAND_INS) {
            Files.writeString(bin.resolve(tool), STAND_IN);
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // Not in a container or chroot.
        fail("systemd-detect-virt");
        Files.writeString(dir.resolve("scratch.conf"), "SCRATCH_MODE=disks\nCLOUD=aws\n");
        answer("findmnt", "-n -o SOURCE /", "/dev/nvme0n1p1\n");
        answer("lsblk", "-n -p -s -o NAME,TYPE /dev/nvme0n1p1", "/dev/nvme0n1p1 part\n/dev/nvme0n1 disk\n");
    }

    @Test
    void unusedDisksBecomeOneEncryptedXfsOnTmp() throws Exception {
        disks(Map.of(
                "/dev/nvme0n1", "root disk",
                "/dev/nvme1n1", "instance store",
                "/dev/nvme2n1", "added EBS scratch",
                "/dev/nvme3n1", "partitioned",
                "/dev/nvme4n1", "swap",
                "/dev/zram0", "zram"));
        answer("blockdev", "--getsz /dev/nvme1n1", "1000\n");
        answer("blockdev", "--getsz /dev/nvme2n1", "2000\n");

        List<String> calls = runScratch();

        // The two spare disks end to end, by their sizes in 512-byte sectors.
        assertThat(String.join("\n", calls)).contains("""
                dmsetup create arvados-scratch-disks
                  0 1000 linear /dev/nvme1n1 0
                  1000 2000 linear /dev/nvme2n1 0""");
        assertThat(calls).contains(
                "mkfs.xfs -f -q -K /dev/mapper/arvados-scratch",
                "mount -o defaults,discard /dev/mapper/arvados-scratch " + mountpoint);
        // The key: 64 bytes cryptsetup reads from /dev/urandom itself; no shell, file or argument holds it.
        assertThat(calls.stream().filter(call -> call.startsWith("cryptsetup"))).containsExactly(
                "cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --key-file /dev/urandom"
                        + " --allow-discards /dev/mapper/arvados-scratch-disks arvados-scratch");
        assertThat(calls).noneMatch(call -> call.startsWith("systemctl"));
        assertTmpReady();
    }

    @Test
    void withoutSpareDisksTmpStaysOnTheRootFilesystemAndTheJournalSaysSoAsAWarning() throws Exception {
        disks(Map.of("/dev/nvme0n1", "root disk"));

        List<String> calls = runScratch();

        assertThat(calls).noneMatch(call -> call.matches("(dmsetup|cryptsetup|mkfs.xfs|mount) .*"));
        // "<4>" is how a service's line reaches the journal at warning priority.
        assertThat(output.lines()).contains("<4>arvados-scratch: no unused disk: " + mountpoint + " stays on the root"
                + " filesystem, unencrypted; instance types with IncludedScratch or AddedScratch get none of it");
        assertTmpReady();
    }

    @Test
    void onAzureTheResourceDisksPartitionIsTakenAndNoOtherDiskOrPartition() throws Exception {
        azure("""
                /dev/sda14 part 0 /dev/sda\s
                /dev/sda15 part 0 /dev/sda /boot/efi
                /dev/sdb disk 0 \s
                /dev/sdb1 part 0 /dev/sdb\s
                /dev/sdc disk 0 \s
                /dev/sdc1 part 0 /dev/sdc /data
                /dev/sdd disk 0 \s
                /dev/sdd1 part 0 /dev/sdd\s
                /dev/sdd2 part 0 /dev/sdd\s
                /dev/sde disk 0 \s
                /dev/sde1 part 0 /dev/sde\s
                /dev/mapper/data crypt 0 /dev/sde1 /srv
                /dev/sr0 rom 1 \s
                """);

        List<String> calls = runScratch();

        // One device: no linear table, the partition itself under dm-crypt. Nothing was mounted on /mnt.
        assertThat(calls.stream().filter(call -> call.startsWith("cryptsetup"))).containsExactly(
                "cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --key-file /dev/urandom"
                        + " --allow-discards /dev/sdb1 arvados-scratch");
        assertThat(calls).noneMatch(call -> call.startsWith("dmsetup") || call.startsWith("umount"));
        assertThat(calls).contains("mount -o defaults,discard /dev/mapper/arvados-scratch " + mountpoint);
        assertTmpReady();
    }

    @Test
    void onAzureTheResourceDiskIsUnmountedFromMntBeforeItIsTaken() throws Exception {
        azure("""
                /dev/sdb disk 0 \s
                /dev/sdb1 part 0 /dev/sdb /mnt
                """);
        answer("findmnt", "-n -o SOURCE --mountpoint /mnt", "/dev/sdb1\n");

        List<String> calls = runScratch();

        assertThat(calls.stream().filter(call -> call.matches("(umount|cryptsetup) .*")).map(call -> call.split(" ")[0]))
                .containsExactly("umount", "cryptsetup");
        assertThat(calls).contains("umount /mnt");
        assertThat(calls.stream().filter(call -> call.startsWith("cryptsetup")).findFirst().orElseThrow())
                .endsWith(" /dev/sdb1 arvados-scratch");
    }

    @Test
    void inAContainerNoDiskIsTouched() throws Exception {
        disks(Map.of("/dev/nvme0n1", "root disk", "/dev/nvme1n1", "instance store"));
        Files.delete(fixtures.resolve("fail/systemd-detect-virt"));

        List<String> calls = runScratch();

        assertThat(calls).noneMatch(call -> call.startsWith("lsblk") || call.startsWith("dmsetup"));
    }

    /** lsblk's raw listing (NAME TYPE RO PKNAME MOUNTPOINT, one space apart) of these disks and their children. */
    private void disks(Map<String, String> disks) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String> disk : new java.util.TreeMap<>(disks).entrySet()) {
            String name = disk.getKey();
            all.append(switch (disk.getValue()) {
                case "root disk" -> name + " disk 0  \n" + name + "p1 part 0 " + name + " /\n";
                case "partitioned" -> name + " disk 0  \n" + name + "p1 part 0 " + name + " \n";
                case "swap" -> name + " disk 0  [SWAP]\n";
                default -> name + " disk 0  \n";
            });
        }
        answer("lsblk", "-n -p -r -o NAME,TYPE,RO,PKNAME,MOUNTPOINT", all.toString());
    }

    /**
     * An Azure VM: the OS disk sda with the root filesystem on its first partition, then {@code moreDevices} in
     * lsblk's raw listing.
     */
    private void azure(String moreDevices) throws IOException {
        Files.writeString(dir.resolve("scratch.conf"), "SCRATCH_MODE=disks\nCLOUD=azure\n");
        answer("findmnt", "-n -o SOURCE /", "/dev/sda1\n");
        answer("lsblk", "-n -p -s -o NAME,TYPE /dev/sda1", "/dev/sda1 part\n/dev/sda disk\n");
        answer("lsblk", "-n -p -r -o NAME,TYPE,RO,PKNAME,MOUNTPOINT",
                "/dev/sda disk 0  \n/dev/sda1 part 0 /dev/sda /\n" + moreDevices);
    }

    private List<String> runScratch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dir.resolve("bin/bash").toString(),
                Path.of("templates/scripts/arvados-scratch.sh").toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of(
                "PATH", dir.resolve("bin").toString(),
                "FIXTURES", fixtures.toString(),
                "ARVADOS_SCRATCH_CONF", dir.resolve("scratch.conf").toString(),
                "ARVADOS_SCRATCH_MOUNTPOINT", mountpoint.toString()));
        Process process = builder.start();
        output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("arvados-scratch output:%n%s", output).isZero();
        Path log = fixtures.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void assertTmpReady() throws IOException {
        assertThat(Files.getAttribute(mountpoint, "unix:mode")).isEqualTo(01777 | 0040000);
        assertThat(mountpoint.resolve("docker-data")).isDirectory();
    }

    private void answer(String tool, String args, String output) throws IOException {
        Path file = fixtures.resolve("out").resolve(tool).resolve(args.replaceAll("[^A-Za-z0-9]", "_"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, output);
    }

    private void fail(String tool) throws IOException {
        Files.createDirectories(fixtures.resolve("fail"));
        Files.writeString(fixtures.resolve("fail").resolve(tool), "");
    }
}
