package org.arvados.maven.image;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots what the provisioning built, as a fresh worker, and does to it what arvados-dispatch-cloud does to a new
 * worker: a Debian cloud root of the subclass's release (cloud kernel, cloud-init with NoCloud, DHCP) provisioned in a chroot with the
 * plugin's own rendered scripts (local signed apt repositories with stand-ins for what is out of reach here),
 * made into a raw disk, booted in qemu with two NVMe disks as instance storage (the Azure variant: a resource
 * disk as Azure's arrives) and the dispatcher's user data,
 * then logged into with the keypair goal's key as AdminUsername on SSHPort: instance secret, boot probe, runner
 * deploy and probe, and what a container needs (encrypted scratch on /tmp, the runtime, FUSE, names, resolver).
 *
 * <p>Each variant is a freshly provisioned root on its first boot; on Debian 13 the Docker disk then boots a second
 * time on the same instance disks. The stock base boots first, alone: the baseline the provisioned image is held to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkerBootIT {
    /**
     * What the dispatcher allows a new worker: TimeoutBooting, 10 min by default, for the instance secret and the
     * boot probe. Under TCG on 2 cores the images pass it in 1-2 minutes on a quiet machine and in up to 5 with the
     * chroot tests loading both cores; how fast they boot is measured in bench/boot.sh, not held to here.
     */
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(10);
    private static final Duration POWER_OFF_LIMIT = Duration.ofMinutes(2);
    /** What the dispatcher deploys is its own binary; a worker only needs it to run and answer --list. */
    private static final byte[] RUNNER_STAND_IN = "#!/bin/sh\n[ \"$1\" = --list ] && exit 0\necho \"usage: $0 --list\" >&2\nexit 2\n"
            .getBytes(StandardCharsets.UTF_8);
    /** A one-program root (dash and the libraries it needs), made on the worker: the container image. */
    private static final String MAKE_CONTAINER_ROOT = "set -e; r=/tmp/container-root; mkdir -p $r/bin "
            + "$r/lib/x86_64-linux-gnu $r/lib64; cp -L /bin/dash $r/bin/; cp -L /lib/x86_64-linux-gnu/libc.so.6 "
            + "$r/lib/x86_64-linux-gnu/; cp -L /lib64/ld-linux-x86-64.so.2 $r/lib64/; tar -C $r -cf /tmp/container-root.tar .";
    private static final String IN_CONTAINER = "/bin/dash -c 'echo hello from a container; ulimit -n'";

    private final DebianRelease release;
    WorkerImages images;
    /** The docker variant's boot disk, instance disks and scratch key, for a second boot of the same instance. */
    BootDisk dockerDisk;
    List<Path> dockerInstanceDisks;
    String dockerScratchKey;

    WorkerBootIT(DebianRelease release) {
        this.release = release;
    }

    @BeforeAll
    void makeBaseAndKey() throws Exception {
        images = WorkerImages.create(release, Path.of("target", "boot-it", release.codename()));
    }

    @AfterAll
    void deleteDisks() throws Exception {
        if (images != null) {
            images.close();
        }
    }

    @Test
    @Order(1)
    void stockBaseBootsAndPassesTheBootProbe() throws Exception {
        BootDisk disk = images.base("base");

        try (BootedWorker worker = images.boot("base", disk, List.of(), 22)) {
            worker.check(() -> {
                worker.dispatcher().awaitInstanceSecret(worker.seed().instanceSecret(), BOOT_LIMIT);
                Duration probe = worker.dispatcher().awaitBootProbe(BOOT_LIMIT);
                System.out.printf(release.codename() + " stock base: boot probe passed %d s after qemu started%n", probe.toSeconds());
                assertThat(worker.ok("systemctl --failed --no-legend --plain")).isEmpty();
            });
        }
    }

    @Test
    @Order(2)
    void dockerWorkerEntersService() throws Exception {
        dockerDisk = images.provision("docker", images.spec(), Map.of());
        dockerInstanceDisks = images.instanceDisks("docker");

        try (BootedWorker worker = images.boot("docker", dockerDisk, dockerInstanceDisks, 22)) {
            worker.check(() -> {
                dispatch(worker);
                if (release == DebianRelease.TRIXIE) {
                    // As Docker 29 has it on a fresh install (docker.io 26 has it as an option): image layers and
                    // container filesystems in containerd's store, not data-root. Before dockerd first starts.
                    worker.ok("sudo jq '.features[\"containerd-snapshotter\"] = true' /etc/docker/daemon.json"
                            + " >/tmp/daemon.json && sudo install -m 0644 /tmp/daemon.json /etc/docker/daemon.json");
                }
                String containersFile = assertDockerRunsAContainer(worker);
                if (release == DebianRelease.TRIXIE) {
                    assertThat(worker.ok("sudo docker info --format '{{json .DriverStatus}}'"))
                            .as("the containerd image store").contains("io.containerd.snapshotter.v1");
                    assertThat(containersFile).as("in containerd's store").startsWith("/tmp/containerd/");
                }
                dockerScratchKey = scratchKeyHash(worker);
                worker.ok("touch /tmp/written-in-the-first-boot");
                worker.powerOff(POWER_OFF_LIMIT);
            });
        }
    }

    @Test
    @Order(4)
    void singularityWorkerWithRootOnAnotherSshPortEntersService() throws Exception {
        BootDisk disk = images.provision("singularity", images.spec()
                .with(ImageSpec::runtimeEngine, "singularity").with(ImageSpec::sshPort, 2222)
                .with(ImageSpec::adminUsername, "root"), Map.of());

        try (BootedWorker worker = images.boot("singularity", disk, images.instanceDisks("singularity"), 2222, "root")) {
            worker.check(() -> {
                dispatch(worker);
                worker.ok(MAKE_CONTAINER_ROOT);
                assertThat(worker.ok("sudo singularity exec /tmp/container-root " + IN_CONTAINER))
                        .startsWith("hello from a container\n");
                assertThat(worker.ok("grep -h '^mksquashfs mem' /etc/singularity/singularity.conf").strip())
                        .isEqualTo("mksquashfs mem = 256M");
                assertThat(worker.run("systemctl is-enabled docker.service").exitCode()).isNotZero();
            });
        }
    }

    /**
     * A GPU image built for Azure, on an Azure VM without a GPU whose resource disk arrives as Azure's does: one NTFS
     * partition that cloud-init formats and mounts on /mnt unless told otherwise, and the build VM's /mnt line in
     * the image's fstab. The scratch space takes the partition; /mnt stays empty and the OS disk untouched.
     */
    @Test
    @Order(5)
    void azureGpuImageOnAMachineWithoutAGpuEntersServiceWithScratchOnTheResourceDisk() throws Exception {
        BootDisk disk = images.provisionForAzure("nvidia-azure", images.spec().with(ImageSpec::nvidiaGpuSupport, true)
                .with(ImageSpec::versions, WorkerImages.versions(null, "1.18.*")), Map.of(
                "NVIDIA_CUDA_REPO_URL", "file://" + WorkerImages.CUDA_REPO_DIR,
                "NVIDIA_TOOLKIT_REPO_URL", "file://" + WorkerImages.TOOLKIT_REPO_DIR));
        String resource = WorkerImages.RESOURCE_DISK;

        try (BootedWorker worker = images.bootOnAzure("nvidia-azure", disk, images.resourceDisk("nvidia-azure"))) {
            worker.check(() -> {
                dispatch(worker, List.of("arvados-scratch crypt", resource + "1 part", resource + " disk"));
                assertThat(worker.run("findmnt -n -o SOURCE /mnt").stdout()).as("/mnt is mounted from nothing").isEmpty();
                assertThat(worker.ok("awk '$2 == \"/mnt\"' /etc/fstab")).as("fstab's /mnt lines").isEmpty();
                assertThat(worker.ok("findmnt -n -o SOURCE /").strip()).isEqualTo("/dev/vda");
                assertThat(worker.ok("lsblk -n -r -o NAME /dev/vda").strip()).as("the OS disk holds nothing more")
                        .isEqualTo("vda");
                // No disk is left to take: run again (another mount point, a unit of its own), the script leaves it
                // where it is and says so to the journal at warning priority.
                worker.ok("sudo mkdir -p /run/scratch-again && sudo systemd-run --wait --quiet --unit=scratch-again"
                        + " -E ARVADOS_SCRATCH_CONF=/nonexistent -E ARVADOS_SCRATCH_MOUNTPOINT=/run/scratch-again"
                        + " /usr/local/sbin/arvados-scratch");
                assertThat(worker.ok("sudo journalctl -b -u scratch-again -p warning -o cat").strip()).isEqualTo(
                        "arvados-scratch: no unused disk: /run/scratch-again stays on the root filesystem, unencrypted;"
                                + " instance types with IncludedScratch or AddedScratch get none of it");
                for (String unit : List.of("arvados-nvidia.service", "nvidia-persistenced.service",
                        "nvidia-cdi-refresh.service")) {
                    assertThat(worker.ok("systemctl show -p ActiveState -p Result --value " + unit).lines())
                            .as(unit + ": skipped by its GPU condition, not failed").doesNotContain("failed");
                }
                assertThat(worker.run("lsmod | grep -q '^nvidia'").exitCode()).as("no NVIDIA module loaded").isNotZero();
                assertDockerRunsAContainer(worker);
            });
        }
    }

    /** As {@link #dispatch(BootedWorker, List)}, the scratch space over the two NVMe instance disks. */
    void dispatch(BootedWorker worker) throws Exception {
        dispatch(worker, List.of("arvados-scratch crypt", "arvados-scratch-disks dm", "nvme0n1 disk", "nvme1n1 disk"));
    }

    /**
     * Steps 2-5 of the dispatcher, then what every worker needs before it runs a container; {@code scratchStack}:
     * the devices under the scratch space, as {@code lsblk -s} lists them.
     */
    void dispatch(BootedWorker worker, List<String> scratchStack) throws Exception {
        Dispatcher dispatcher = worker.dispatcher();
        dispatcher.awaitInstanceSecret(worker.seed().instanceSecret(), BOOT_LIMIT);
        Duration probe = dispatcher.awaitBootProbe(BOOT_LIMIT);
        System.out.printf("%s %s: boot probe passed %d s after qemu started%n", release.codename(), worker.name(),
                probe.toSeconds());
        dispatcher.deployRunner(RUNNER_STAND_IN);
        assertThat(dispatcher.probeRunner()).as("no containers on a new worker").isEmpty();
        // What a dispatcher with DeployRunnerBinary empty runs: the image's own.
        assertThat(worker.ok("sudo crunch-run --list")).as("the crunch-run package").isEmpty();

        assertThat(worker.ok("findmnt -n -r -o FSTYPE,SOURCE /tmp").strip()).isEqualTo("xfs /dev/mapper/arvados-scratch");
        assertThat(worker.ok("lsblk -n -s -r -o NAME,TYPE /dev/mapper/arvados-scratch").lines())
                .containsExactlyInAnyOrderElementsOf(scratchStack);
        assertThat(worker.ok("stat -c %a /tmp").strip()).isEqualTo("1777");
        assertThat(worker.ok("systemctl --failed --no-legend --plain")).isEmpty();
        assertThat(worker.ok("sudo cat /var/log/cloud-init-output.log")).as("the image's locale is set: none is generated at boot")
                .doesNotContain("Generating locales");
        assertThat(worker.ok("sudo sh -c 'ls /etc/ssh/ssh_host_*_key'").lines()).as("host keys made at first boot, RSA's not")
                .containsExactlyInAnyOrder("/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_ed25519_key");
        assertThat(worker.ok("sudo journalctl -b --no-pager -o cat").lines()
                .filter(line -> line.contains("ordering cycle") || line.contains("to break ordering cycle")))
                .as("the boot's journal").isEmpty();
        WorkerSsh.Result sudo = worker.run("sudo -n true");
        assertThat(sudo.exitCode()).isZero();
        assertThat(sudo.stderr()).as("sudo's stderr").isEmpty();
        assertThat(worker.ok("stat -c %F /dev/fuse").strip()).isEqualTo("character special file");
        assertThat(worker.ok("cat /etc/fuse.conf").lines()).contains("user_allow_other");
        // allow_other, which crunch-run's arv-mount needs so containers (other uids) can read, is refused to a
        // user unless fuse.conf allows it: mount as the admin user, read as another.
        assertThat(worker.ok("set -e; mkdir -p /tmp/fuse-source /tmp/fuse-mount; echo mounted >/tmp/fuse-source/file; "
                + "bindfs -o allow_other /tmp/fuse-source /tmp/fuse-mount; sudo -u nobody cat /tmp/fuse-mount/file; "
                + "fusermount3 -u /tmp/fuse-mount")).isEqualTo("mounted\n");
        for (String line : WorkerImages.HOSTS) {
            String[] fields = line.split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                assertThat(worker.ok("getent hosts " + fields[i]).split("\\s+")[0]).as(fields[i]).isEqualTo(fields[0]);
            }
        }
        assertResolverFirst(worker);
        assertThat(worker.ok("systemctl is-enabled tmp.mount || true").strip())
                .as("/tmp is the scratch space's, never a tmpfs").isEqualTo("masked");
    }

    /** RESOLVER answers first: ahead of the DHCP servers in resolv.conf, or systemd-resolved's global server. */
    private void assertResolverFirst(BootedWorker worker) throws Exception {
        if (release.hasSystemdResolved()) {
            assertThat(worker.ok("resolvectl dns").lines().findFirst()).as("resolved's global server")
                    .hasValue("Global: " + WorkerImages.RESOLVER);
            assertThat(worker.ok("resolvectl domain").lines().findFirst()).hasValue("Global: ~.");
        } else {
            assertThat(worker.ok("awk '$1 == \"nameserver\" { print $2; exit }' /etc/resolv.conf").strip())
                    .as("the first name server").isEqualTo(WorkerImages.RESOLVER);
        }
    }

    /**
     * Every byte of an image and of a container (kept, not removed) on the scratch space: none under Docker's or
     * containerd's default roots on the root disk, whichever of them stores image layers.
     */
    private static String assertImageAndContainerOnTheScratchSpace(BootedWorker worker) throws Exception {
        worker.ok("sudo docker run --name arvados-kept arvados-boot-test:1 /bin/dash -c 'echo kept >/written-in-a-container'");
        assertThat(worker.ok("sudo find /var/lib/docker /var/lib/containerd -xdev ! -type d 2>/dev/null || true"))
                .as("files under /var/lib/docker and /var/lib/containerd on the root disk").isEmpty();
        String containersFile = worker.ok("sudo find /tmp/docker-data /tmp/containerd -xdev -name written-in-a-container");
        assertThat(containersFile).as("the container's own file, on the scratch space").isNotEmpty();
        worker.ok("sudo docker rm arvados-kept >/dev/null");
        return containersFile;
    }

    /** The scratch device's key, as the kernel holds it, hashed: it must differ from boot to boot. */
    static String scratchKeyHash(BootedWorker worker) throws Exception {
        String hash = worker.ok("sudo dmsetup table --showkeys arvados-scratch | awk '{ print $5 }' | sha256sum").strip();
        assertThat(hash).as("a key was read").doesNotStartWith("e3b0c442");
        return hash;
    }

    /** Returns where the kept container's own file was found. */
    static String assertDockerRunsAContainer(BootedWorker worker) throws Exception {
        assertThat(worker.ok("systemctl is-active docker.socket").strip()).isEqualTo("active");
        for (String unit : List.of("docker.service", "containerd.service")) {
            assertThat(worker.run("systemctl is-active " + unit).stdout().strip())
                    .as("the boot does not wait for %s: docker's socket starts it on first use", unit).isEqualTo("inactive");
        }
        assertThat(worker.ok("sudo docker info --format '{{.DockerRootDir}}'").strip()).isEqualTo("/tmp/docker-data");
        long scratchReady = Long.parseLong(worker.unitProperty("arvados-scratch.service", "ActiveEnterTimestampMonotonic"));
        for (String unit : List.of("docker.service", "containerd.service")) {
            assertThat(Long.parseLong(worker.unitProperty(unit, "ExecMainStartTimestampMonotonic")))
                    .as("%s starts after the scratch space is ready", unit).isGreaterThan(scratchReady);
        }
        String arvados = worker.ok("jq -r '.packages[\"python3-arvados-fuse\"]' /etc/arvados/compute-image-bom.json").strip();
        String api = worker.ok("sudo docker version --format '{{.Server.APIVersion}}'").strip();
        assertThat(CrunchRunDockerApi.serves(api, CrunchRunDockerApi.needed(arvados)))
                .as("Docker's API %s serves crunch-run of the image's Arvados %s (%s)", api, arvados,
                        CrunchRunDockerApi.needed(arvados)).isTrue();
        worker.ok(MAKE_CONTAINER_ROOT + "; sudo docker import /tmp/container-root.tar arvados-boot-test:1 >/dev/null");
        assertThat(worker.ok("sudo docker run --rm arvados-boot-test:1 " + IN_CONTAINER))
                .isEqualTo("hello from a container\n10000\n");
        String containersFile = assertImageAndContainerOnTheScratchSpace(worker);
        assertThat(worker.ok("systemctl is-active arvados-docker-cleaner.service").strip())
                .as("the cleaner starts with dockerd").isEqualTo("active");
        return containersFile;
    }
}
