package org.arvados.maven.image;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * made into a raw disk, booted in qemu with two NVMe disks as instance storage and the dispatcher's user data,
 * then logged into with the keypair goal's key as AdminUsername on SSHPort: instance secret, boot probe, runner
 * deploy and probe, and what a container needs (encrypted scratch on /tmp, the runtime, FUSE, names, resolver).
 *
 * <p>Each variant is a freshly provisioned root on its first boot; the Docker disk then boots a second time on
 * the same instance disks. The stock base boots first, alone: the baseline the provisioned image is held to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkerBootIT {
    /**
     * TimeoutBooting is 10 min in Arvados. Measured here under TCG on 2 cores: the stock base passes the boot
     * probe 37-48 s after qemu starts, the provisioned images 37-57 s (78 s with a second job loading both
     * cores); 5 min leaves room for a slower CI machine and stays well inside the dispatcher's own bound.
     */
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(5);
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
    private WorkerImages images;
    private BootDisk dockerDisk;
    private List<Path> dockerInstanceDisks;
    private String dockerScratchKey;

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
                assertDockerRunsAContainer(worker);
                dockerScratchKey = scratchKeyHash(worker);
                worker.ok("touch /tmp/written-in-the-first-boot");
                worker.powerOff(POWER_OFF_LIMIT);
            });
        }
    }

    @Test
    @Order(3)
    void dockerWorkerBootsAgainWithANewScratchKey() throws Exception {
        assertThat(dockerDisk).as("the docker variant's disk (its test runs first)").isNotNull();

        try (BootedWorker worker = images.boot("docker-second-boot", dockerDisk, dockerInstanceDisks, 22)) {
            worker.check(() -> {
                dispatch(worker);
                assertThat(scratchKeyHash(worker)).as("the scratch space's key is new at every boot")
                        .isNotEqualTo(dockerScratchKey);
                assertThat(worker.run("test -e /tmp/written-in-the-first-boot").exitCode()).isNotZero();
                assertDockerRunsAContainer(worker);
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

    @Test
    @Order(5)
    void gpuImageOnAMachineWithoutAGpuEntersService() throws Exception {
        BootDisk disk = images.provision("nvidia", images.spec().with(ImageSpec::nvidiaGpuSupport, true)
                .with(ImageSpec::versions, new SoftwareVersions(null, null, null, "580.*", "1.18.*", null)), Map.of(
                "NVIDIA_CUDA_REPO_URL", "file://" + WorkerImages.CUDA_REPO_DIR,
                "NVIDIA_TOOLKIT_REPO_URL", "file://" + WorkerImages.TOOLKIT_REPO_DIR));

        try (BootedWorker worker = images.boot("nvidia", disk, images.instanceDisks("nvidia"), 22)) {
            worker.check(() -> {
                dispatch(worker);
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

    @Test
    @Order(6)
    void ebsAutoscaleWorkerMakesItsVolumesWithImdsV2Tokens() throws Exception {
        // The test points the AWS CLI at moto with AWS_ENDPOINT_URL: Debian 13's (2.23) honours it, 12's (2.9) does not.
        Assumptions.assumeTrue(release == DebianRelease.TRIXIE, "the EBS autoscale variant boots on Debian 13 only");
        EbsAutoscaleBoot.run(images, "ebs-autoscale");
    }

    /** Steps 2-5 of the dispatcher, then what every worker needs before it runs a container. */
    private void dispatch(BootedWorker worker) throws Exception {
        Dispatcher dispatcher = worker.dispatcher();
        dispatcher.awaitInstanceSecret(worker.seed().instanceSecret(), BOOT_LIMIT);
        Duration probe = dispatcher.awaitBootProbe(BOOT_LIMIT);
        System.out.printf("%s %s: boot probe passed %d s after qemu started%n", release.codename(), worker.name(),
                probe.toSeconds());
        dispatcher.deployRunner(RUNNER_STAND_IN);
        assertThat(dispatcher.probeRunner()).as("no containers on a new worker").isEmpty();

        assertThat(worker.ok("findmnt -n -r -o FSTYPE,SOURCE /tmp").strip()).isEqualTo("xfs /dev/mapper/arvados-scratch");
        assertThat(worker.ok("lsblk -n -s -r -o NAME,TYPE /dev/mapper/arvados-scratch").lines()).containsExactlyInAnyOrder(
                "arvados-scratch crypt", "arvados-scratch-disks dm", "nvme0n1 disk", "nvme1n1 disk");
        assertThat(worker.ok("stat -c %a /tmp").strip()).isEqualTo("1777");
        assertThat(worker.ok("systemctl --failed --no-legend --plain")).isEmpty();
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

    /** The scratch device's key, as the kernel holds it, hashed: it must differ from boot to boot. */
    private static String scratchKeyHash(BootedWorker worker) throws Exception {
        String hash = worker.ok("sudo dmsetup table --showkeys arvados-scratch | awk '{ print $5 }' | sha256sum").strip();
        assertThat(hash).as("a key was read").doesNotStartWith("e3b0c442");
        return hash;
    }

    private static void assertDockerRunsAContainer(BootedWorker worker) throws Exception {
        assertThat(worker.ok("systemctl is-active docker.socket").strip()).isEqualTo("active");
        assertThat(worker.run("systemctl is-active docker.service").stdout().strip())
                .as("the boot does not wait for dockerd: its socket starts it on first use").isEqualTo("inactive");
        assertThat(worker.ok("sudo docker info --format '{{.DockerRootDir}}'").strip()).isEqualTo("/tmp/docker-data");
        long scratchReady = Long.parseLong(worker.unitProperty("arvados-scratch.service", "ActiveEnterTimestampMonotonic"));
        long dockerStarted = Long.parseLong(worker.unitProperty("docker.service", "ExecMainStartTimestampMonotonic"));
        assertThat(dockerStarted).as("dockerd starts after the scratch space is ready").isGreaterThan(scratchReady);
        worker.ok(MAKE_CONTAINER_ROOT + "; sudo docker import /tmp/container-root.tar arvados-boot-test:1 >/dev/null");
        assertThat(worker.ok("sudo docker run --rm arvados-boot-test:1 " + IN_CONTAINER))
                .isEqualTo("hello from a container\n10000\n");
        assertThat(worker.ok("systemctl is-active arvados-docker-cleaner.service").strip())
                .as("the cleaner starts with dockerd").isEqualTo("active");
    }
}
