package org.arvados.maven.image;

import org.arvados.maven.testing.Draft;
import org.arvados.maven.testing.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boot test's EBS autoscale variant: an image built with {@code <aws><ebsAutoscale>}, booted as an instance the
 * dispatcher starts on EC2 is, with the real autoscaler (the fork Arvados pins, from ../shared/third-party) calling
 * a metadata service that refuses every request without an IMDSv2 token ({@link ImdsStandIn}, as the dispatcher's
 * instances have {@code HttpTokens: required}) and EC2's API as moto emulates it (on the host, which the guest
 * reaches at the user network's host address; the AWS CLI is pointed there by a systemd drop-in only this test
 * writes). The instance is moto's own (RunInstances), so its ID is the one the metadata service serves.
 *
 * <p>How far it goes: when moto shows the first volume attached, the test hot-plugs a disk with that volume's ID as
 * its NVMe serial, as EC2 does (2 GiB, not the volume's size: nothing here writes that much); the installer then
 * makes the volume group and ext4 on it, mounts /tmp and starts the daemon, the scratch unit succeeds and the boot
 * probe passes, with Docker on /tmp. The daemon, whose threshold here is 1 %, then creates a second volume of its
 * own, which shows it read its limits and volume settings; the test goes no further (the daemon attaches that one
 * and waits for it to appear, harmlessly).
 */
final class EbsAutoscaleBoot {
    /**
     * Not the defaults, so that each is seen to arrive. At most 3 volumes attached (create-ebs-volume counts each
     * one the instance has, its root volume too): the root, the installer's and one the daemon adds.
     */
    private static final EbsAutoscaleConfig CONFIG = Draft.of(EbsAutoscaleConfig.class).with(EbsAutoscaleConfig::iops, 4000)
            .with(EbsAutoscaleConfig::throughput, 250).with(EbsAutoscaleConfig::minEbsVolumeSize, 160)
            .with(EbsAutoscaleConfig::initialUtilizationThreshold, 1).with(EbsAutoscaleConfig::maxEbsVolumeCount, 3)
            .build();
    /** install.sh's first volume (its --initial-size, which the image leaves at the default). */
    private static final int FIRST_VOLUME_GIB = 200;
    private static final String REGION = "us-east-1";
    private static final String ZONE = REGION + "a";
    /**
     * qemu's user network over the link-local range, so that 169.254.169.254 can be forwarded (qemu forwards only
     * addresses of its network), and its address of the host, which stands for the host's 127.0.0.1.
     */
    private static final String HOST_FROM_GUEST = "169.254.0.2";
    private static final List<String> NETWORK = List.of("net=169.254.0.0/16", "host=" + HOST_FROM_GUEST);
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    /**
     * Arvados' TimeoutBooting: the dispatcher shuts down a worker whose boot probe has not passed this long after
     * it was created. The first volume comes before it, a dozen AWS CLI calls of seconds each under emulation.
     */
    private static final Duration TIMEOUT_BOOTING = Duration.ofMinutes(10);
    /** A safety net for the daemon's volume (it looks every detectionInterval), not a speed check. */
    private static final Duration DAEMON_LIMIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private EbsAutoscaleBoot() {
    }

    /** Builds, boots and checks the variant. */
    static void run(WorkerImages images, String name) throws Exception {
        EbsAutoscalerSource.dir();
        try (Moto moto = Moto.start(); Ec2Client ec2 = ec2(moto)) {
            Instance instance = ec2.runInstances(r -> r.imageId(anyImage(ec2)).minCount(1).maxCount(1)
                    .instanceType(InstanceType.M5_LARGE).placement(p -> p.availabilityZone(ZONE))).instances().get(0);
            try (ImdsStandIn imds = ImdsStandIn.start(instance.instanceId(), ZONE)) {
                BootDisk disk = images.provision(name, images.spec(), WorkerImages.aws()
                        .with(AwsSettings::ebsAutoscale, true).with(AwsSettings::ebsAutoscaleConfig, CONFIG).build(),
                        Map.of(), root -> pointAwsCliAt(root, moto.endpoint().getPort()));
                Path qmp = images.workFile(name + "-qmp.sock");
                try (BootedWorker worker = images.boot(name, disk, List.of(), 22, WorkerImages.ADMIN, "",
                        new QemuVm.Extras(Stream.concat(NETWORK.stream(), Stream.of(imds.guestForward())).toList(), qmp))) {
                    worker.check(() -> {
                        try {
                            check(worker, ec2, imds, instance.instanceId(), images, qmp);
                        } catch (Exception | AssertionError failure) {
                            throw new AssertionError(failure.getMessage() + "\n" + autoscalerLogs(worker, imds), failure);
                        }
                    });
                }
            }
        }
    }

    private static void check(BootedWorker worker, Ec2Client ec2, ImdsStandIn imds, String instance,
                              WorkerImages images, Path qmp) throws Exception {
        Instant deadline = worker.vm().startedAt().plus(TIMEOUT_BOOTING);
        // First, as EC2 attaches independently of the boot: cloud-init's final stage, which writes the instance
        // secret, comes after multi-user.target and so after the scratch unit, which waits for the volume.
        Volume first = awaitVolume(ec2, instance, volume -> attachedAs(volume, instance, "/dev/xvdba"), deadline,
                "attached as /dev/xvdba");
        assertVolume(first, FIRST_VOLUME_GIB);
        Qmp.hotplugNvme(qmp, "ebs0", BootDisk.blank(images.workFile(first.volumeId() + ".img"), "2G"),
                first.volumeId().replace("-", ""));

        worker.dispatcher().awaitInstanceSecret(worker.seed().instanceSecret(), Duration.between(Instant.now(), deadline));
        Duration probe = worker.dispatcher().awaitBootProbe(Duration.between(Instant.now(), deadline));
        System.out.printf("%s: boot probe passed %d s after qemu started%n", worker.name(), probe.toSeconds());
        assertThat(worker.run("systemctl is-failed arvados-scratch.service").stdout().strip()).isEqualTo("active");
        assertThat(worker.ok("systemctl --failed --no-legend --plain")).isEmpty();
        assertThat(worker.ok("findmnt -n -r -o FSTYPE,SOURCE /tmp").strip())
                .isEqualTo("ext4 /dev/mapper/autoscale_vg-autoscale_lv");
        assertThat(worker.ok("stat -c %a /tmp").strip()).isEqualTo("1777");
        assertThat(worker.ok("systemctl is-active ebs-autoscale.service").strip()).isEqualTo("active");
        assertThat(worker.ok("sudo docker info --format '{{.DockerRootDir}}'").strip()).isEqualTo("/tmp/docker-data");

        Volume added = awaitVolume(ec2, instance, volume -> !volume.volumeId().equals(first.volumeId()),
                Instant.now().plus(DAEMON_LIMIT), "added by the daemon");
        assertVolume(added, CONFIG.minEbsVolumeSize());
        List<ImdsStandIn.Request> requests = imds.requests();
        assertThat(requests).as("metadata requests").filteredOn(request -> !request.method().equals("PUT"))
                .isNotEmpty().allMatch(ImdsStandIn.Request::withToken, "carries a token the service gave");
        assertThat(requests).as("metadata requests")
                .contains(new ImdsStandIn.Request("GET", "/latest/meta-data/instance-id", true));
    }

    private static boolean attachedAs(Volume volume, String instance, String device) {
        return volume.attachments().stream().anyMatch(attachment -> instance.equals(attachment.instanceId())
                && device.equals(attachment.device()));
    }

    /** Made from the config: its type, IOPS and throughput, encrypted, tagged for this instance. */
    private static void assertVolume(Volume volume, int sizeGib) {
        assertThat(volume.size()).as("%s's size", volume.volumeId()).isEqualTo(sizeGib);
        assertThat(volume.volumeType()).isEqualTo(VolumeType.fromValue(CONFIG.volumeType()));
        assertThat(volume.iops()).isEqualTo(CONFIG.iops());
        assertThat(volume.throughput()).isEqualTo(CONFIG.throughput());
        assertThat(volume.encrypted()).isTrue();
        assertThat(volume.availabilityZone()).isEqualTo(ZONE);
    }

    /** The volume the autoscaler made for {@code instance} that {@code wanted} accepts, once moto shows it. */
    private static Volume awaitVolume(Ec2Client ec2, String instance, Predicate<Volume> wanted, Instant deadline,
                                      String what) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            Optional<Volume> found = ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:source-instance")
                    .values(instance).build())).volumes().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("no volume of " + instance + " " + what + " by " + deadline);
    }

    /** For a failure's message: what the metadata service was asked, the installer's and the daemon's logs. */
    private static String autoscalerLogs(BootedWorker worker, ImdsStandIn imds) {
        StringBuilder text = new StringBuilder("--- metadata requests: ").append(imds.requests());
        // cloud-init's own log: whether the final stage ran the user data, which writes the instance secret.
        for (String log : List.of("/var/log/ebs-autoscale-install.log", "/var/log/ebs-autoscale.log",
                "/var/log/cloud-init-output.log")) {
            text.append("\n--- ").append(log).append(" (its end):\n");
            try {
                WorkerSsh.Result tail = worker.run("sudo tail -n 40 " + log);
                text.append(tail.stdout()).append(tail.stderr());
            } catch (Exception e) {
                text.append(e);
            }
        }
        return text.toString();
    }

    /** Test only: every unit's AWS CLI calls moto, with moto's any-key credentials. */
    private static void pointAwsCliAt(ChrootRoot root, int motoPort) throws Exception {
        Path dropIn = root.path("/etc/systemd/system.conf.d/50-boot-test-ec2-api.conf");
        Files.createDirectories(dropIn.getParent());
        Files.writeString(dropIn, "# The boot test's: EC2 is moto on the test's host.\n[Manager]\n"
                + "DefaultEnvironment=AWS_ENDPOINT_URL=http://" + HOST_FROM_GUEST + ":" + motoPort
                + " AWS_ACCESS_KEY_ID=" + KEY_ID + " AWS_SECRET_ACCESS_KEY=" + SECRET + "\n");
    }

    private static Ec2Client ec2(Moto moto) {
        return Ec2Client.builder().region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .endpointOverride(moto.endpoint()).build();
    }

    /** One of moto's public AMIs, to run the instance from. */
    private static String anyImage(Ec2Client ec2) {
        return ec2.describeImages(r -> r.owners("amazon").maxResults(5)).images().get(0).imageId();
    }
}
