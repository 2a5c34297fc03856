package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arvados.maven.packer.BuildRequest;
import org.arvados.maven.packer.BuildResult;
import org.arvados.maven.packer.OnError;
import org.arvados.maven.packer.PackerExecutable;
import org.arvados.maven.testing.Draft;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs templates/scripts/provision.sh for real inside a Debian root of the subclass's release (debootstrap, cached as a tarball under
 * ~/.cache/arvados-maven-plugin/) with /proc, /sys and /dev mounted and a policy-rc.d that keeps every service
 * from starting. Debian packages come from deb.debian.org (Docker is the distribution's docker.io); what is out
 * of reach here (python3-arvados-fuse, arvados-docker-cleaner, singularity) comes from
 * stand-ins built in this test and served from a local apt repository that is signed like the real one.
 *
 * <p>The variants share one root and run in order, which keeps the test within its time budget and proves a
 * rerun with changed options both succeeds and takes effect: the full Docker variant runs twice, then pinning
 * off, then Singularity with the -dev suite, then AWS with the EBS autoscaler. Last, real packer runs the
 * rendered template's own provisioners against the root over SSH (the root's sshd), with a null builder in
 * place of the cloud one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProvisioningChrootIT {
    private static final String IN_ROOT_WORKDIR = ChrootProvisioning.WORKDIR;
    private static final String REPO_DIR = "/srv/arvados-apt";
    private static final String DOCKER_REPO_DIR = "/srv/docker-apt";
    private static final String KERNEL_REPO_DIR = "/srv/kernel-apt";
    private static final String ADMIN = "crunchy";
    private static final String RESOLVER = "10.20.30.53";
    private static final List<String> HOSTS = List.of("10.20.30.40 zzzzz.example.com", "10.20.30.41 keep0.zzzzz.example.com keep0");
    private static final String HOSTS_TEMPLATE = "/etc/cloud/templates/hosts.debian.tmpl";
    private static final String CLOUD_INIT_SCRATCH_CFG = "/etc/cloud/cloud.cfg.d/90-arvados-scratch.cfg";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DebianRelease release;
    private Path workDir;
    private ChrootRoot root;
    private String publicKey;

    ProvisioningChrootIT(DebianRelease release) {
        this.release = release;
    }

    @BeforeAll
    void buildRootAndRepository() throws Exception {
        if (!"0".equals(ChrootRoot.run(List.of("id", "-u")).strip())) {
            Tools.skipOrFail("provisioning in a chroot needs root");
        }
        Tools.require("debootstrap");
        Tools.require("chroot");
        Tools.require("ssh-keygen");
        workDir = Files.createTempDirectory(Path.of("/var/tmp"), "arvados-provisioning-it");
        Path tarball = DebootstrapCache.minimalRoot(release, workDir);
        root = ChrootRoot.extract(tarball, workDir.resolve("root"));
        root.mount();
        LocalAptRepository.build(root, release, REPO_DIR, List.of(release.codename(), release.codename() + "-dev"),
                DOCKER_REPO_DIR);
        publicKey = generatePublicKey();
    }

    @AfterAll
    void unmountAndDelete() throws Exception {
        if (root != null) {
            root.close();
        } else if (workDir != null) {
            ChrootRoot.run(List.of("rm", "-rf", "--one-file-system", workDir.toString()));
        }
    }

    @Test
    @Order(1)
    void dockerVariantProvisionsEveryOption() throws Exception {
        // As on a cloud image where cloud-init rewrites /etc/hosts at each boot (manage_etc_hosts).
        Files.createDirectories(root.path(HOSTS_TEMPLATE).getParent());
        Files.writeString(root.path(HOSTS_TEMPLATE), "## template:jinja\n127.0.1.1 {{fqdn}} {{hostname}}\n");

        root.runProvisioning(renderProvisioning(spec()));

        assertAdminUser();
        assertThat(root.read("/etc/hosts")).contains(HOSTS);
        assertThat(root.read(HOSTS_TEMPLATE)).startsWith("## template:jinja\n").contains(HOSTS);
        assertThat(root.read("/etc/default/locale")).isEqualTo("LANG=C.UTF-8\n");
        assertThat(root.read("/etc/cloud/cloud.cfg.d/92-arvados-first-boot.cfg")).contains("ssh_genkeytypes: [ed25519, ecdsa]");
        assertThat(root.read("/etc/dhcp/dhclient.conf")).contains("prepend domain-name-servers " + RESOLVER + ";");
        assertThat(root.read("/etc/fuse.conf")).containsPattern("(?m)^user_allow_other$");
        assertThat(root.read("/etc/ssh/sshd_config.d/50-arvados-port.conf")).contains("Port 2222");
        assertThat(root.exec("/usr/sbin/sshd", "-T").lines()).contains("port 2222");
        assertThat(root.read("/etc/apt/sources.list.d/arvados.list"))
                .contains("file://" + REPO_DIR + "/" + release.codename() + " " + release.codename() + " main");
        assertDaemonJson();
        assertThat(root.read("/etc/containerd/config.toml")).as("containerd's root on the scratch space")
                .containsPattern("\\A(#[^\n]*\n)*root = \"/tmp/containerd\"\n")
                .doesNotContainPattern("(?m)^root = \"/var/lib/containerd\"");
        // dockerd starts through its socket, on first use, and containerd with it; the cleaner too, not at boot.
        assertThat(root.execResult(List.of("systemctl", "is-enabled", "docker.service", "docker.socket",
                "containerd.service")).output().lines()).containsExactly("disabled", "enabled", "disabled");
        // Links to absolute paths inside the root: not followed from the host.
        assertThat(Files.isSymbolicLink(root.path("/etc/systemd/system/docker.service.wants/arvados-docker-cleaner.service")))
                .isTrue();
        assertThat(root.path("/etc/systemd/system/multi-user.target.wants/arvados-docker-cleaner.service"))
                .as("not linked from multi-user.target (AssertJ does not follow links here)").doesNotExist();
        assertThat(root.exec("systemctl", "is-enabled", "arvados-scratch.service").strip()).isEqualTo("enabled");
        assertThat(root.read("/etc/arvados/scratch.conf")).contains("SCRATCH_MODE=disks");
        assertThat(root.execResult(List.of("systemctl", "is-enabled", "tmp.mount")).output().strip())
                .as("no tmpfs on /tmp").isEqualTo("masked");
        assertThat(root.execResult(List.of("systemctl", "is-enabled", "apt-daily.timer", "apt-daily-upgrade.timer",
                "unattended-upgrades.service")).output().lines()).as("apt's periodic runs")
                .containsExactly("masked", "masked", "masked");
        assertThat(root.read("/etc/arvados/docker-cleaner/docker-cleaner.json")).contains("\"Quota\": \"10G\"");
        assertThat(root.read("/etc/arvados/compute-image.conf")).contains("CLUSTER_ID=zzzzz", "CLOUD=gcp");
        assertUnitsVerify("arvados-scratch.service", "docker.service", "containerd.service",
                "arvados-docker-cleaner.service");
        assertThat(root.read("/etc/apt/preferences.d/arvados-compute-image.pref"))
                .contains("Package: python3-arvados-fuse\nPin: version 3.0.0-1", "Package: docker.io", "Pin-Priority: 1001");
        assertThat(root.path("/var/cache/apt/archives")).isDirectoryNotContaining("glob:**.deb");
        assertThat(installedVersion("python3-arvados-fuse")).as("arvadosVersion").isEqualTo("3.0.0-1");
        assertThat(installedVersion("crunch-run")).as("crunchRun by default").isEqualTo("3.0.0-1");
        assertThat(root.exec("/usr/bin/crunch-run", "--list")).isEmpty();
        assertThat(root.exec("sh", "-c", "command -v docker").strip()).as("Docker's client").isEqualTo("/usr/bin/docker");
        for (String recommended : List.of("needrestart", "git", "xz-utils")) {
            assertThat(installedVersion(recommended)).as("docker.io's recommends, left out: " + recommended).isEmpty();
        }
        assertThat(installedVersion("apparmor")).as("the recommends dockerd needs, where the kernel has AppArmor on")
                .isNotEmpty();
        assertBom(JSON.readTree(root.read("/etc/arvados/compute-image-bom.json")));
    }

    /** The bill of materials names the release and the installed versions of what the image is for. */
    private void assertBom(JsonNode bom) throws Exception {
        assertThat(bom.at("/distribution/id").asText()).isEqualTo("debian");
        assertThat(bom.at("/distribution/version").asText()).isEqualTo(release.version());
        assertThat(bom.at("/distribution/codename").asText()).isEqualTo(release.codename());
        assertThat(bom.at("/kernel").asText()).isEqualTo("none");
        assertThat(bom.at("/runtimeEngine").asText()).isEqualTo("docker");
        assertThat(bom.at("/packages/python3-arvados-fuse").asText()).isEqualTo("3.0.0-1");
        assertThat(bom.at("/packages/arvados-docker-cleaner").asText()).isEqualTo("3.0.0-1");
        assertThat(bom.at("/packages/crunch-run").asText()).isEqualTo("3.0.0-1");
        assertThat(bom.at("/packages/docker.io").asText()).isEqualTo(installedVersion("docker.io")).isNotEmpty();
        assertThat(bom.at("/packages/containerd").asText()).isEqualTo(installedVersion("containerd")).isNotEmpty();
        assertThat(bom.at("/packages/runc").asText()).isEqualTo(installedVersion("runc")).isNotEmpty();
    }

    @Test
    @Order(2)
    void gpuUnitsVerifyAndSkipWithoutAGpu() throws Exception {
        // NVIDIA's repositories are out of reach here: install the two files step 10 adds, as it does.
        root.exec("install", "-m", "0755", IN_ROOT_WORKDIR + "/arvados-gpu-detect.sh", "/usr/local/sbin/arvados-gpu-detect");
        root.exec("install", "-m", "0644", IN_ROOT_WORKDIR + "/arvados-nvidia.service", "/etc/systemd/system/");

        assertUnitsVerify("arvados-nvidia.service");
        boolean hostHasNvidiaGpu = root.execResult(List.of("/usr/local/sbin/arvados-gpu-detect")).exitCode() == 0;
        assertThat(hostHasNvidiaGpu).as("arvados-gpu-detect agrees with lspci-like sysfs scan")
                .isEqualTo(nvidiaGpuInSysfs());
        root.exec("rm", "/usr/local/sbin/arvados-gpu-detect", "/etc/systemd/system/arvados-nvidia.service");
    }

    @Test
    @Order(3)
    void secondRunSucceedsAndChangesNothing() throws Exception {
        String hostsBefore = root.read("/etc/hosts");
        String keysBefore = root.read("/home/" + ADMIN + "/.ssh/authorized_keys");

        root.runProvisioning(renderProvisioning(spec()));

        assertThat(root.read("/etc/hosts")).isEqualTo(hostsBefore);
        assertThat(root.read("/home/" + ADMIN + "/.ssh/authorized_keys")).isEqualTo(keysBefore);
        assertThat(root.read("/etc/dhcp/dhclient.conf").split("prepend domain-name-servers", -1)).hasSize(2);
        assertAdminUser();
    }

    /**
     * The base's kernel metapackage (here at 1, depending on 0.0.10) gets a security update that bumps the ABI: at 2
     * it depends on a new package, 0.0.11, which plain {@code apt-get upgrade} keeps back. The image must boot it,
     * and every other kernel is purged.
     */
    @Test
    @Order(4)
    void aKernelUpdateThatBumpsTheAbiIsInstalledAndEveryOtherKernelPurged() throws Exception {
        List<String> kernels = List.of("0.0.1-arvados-test", "0.0.2-arvados-test", "0.0.10-arvados-test");
        for (String kernel : kernels) {
            LocalAptRepository.installStandIn(root, LocalAptRepository.kernel(kernel));
        }
        LocalAptRepository.installStandIn(root, LocalAptRepository.kernelMetapackage("1", "0.0.10-arvados-test"));
        LocalAptRepository.installStandIn(root, "linux-headers-0.0.1-arvados-test", "1",
                Map.of("usr/src/linux-headers-0.0.1-arvados-test/Makefile", ""));
        LocalAptRepository.publishKernelUpdate(root, KERNEL_REPO_DIR, "2", "0.0.11-arvados-test");

        try {
            root.runProvisioning(renderProvisioning(spec()));

            assertThat(installedVersion(LocalAptRepository.KERNEL_METAPACKAGE)).as("the metapackage's update")
                    .isEqualTo("2");
            assertThat(root.path("/boot")).isDirectoryNotContaining("glob:**/vmlinuz-0.0.{1,2,10}-arvados-test")
                    .isDirectoryContaining("glob:**/vmlinuz-0.0.11-arvados-test");
            assertThat(root.exec("dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package}\n", "linux-*-arvados-test")
                    .lines().filter(line -> line.startsWith("ii ")).toList())
                    .containsExactlyInAnyOrder("ii  linux-image-0.0.11-arvados-test", "ii  " + LocalAptRepository.KERNEL_METAPACKAGE);
        } finally {
            root.exec("dpkg", "--purge", LocalAptRepository.KERNEL_METAPACKAGE, "linux-image-0.0.11-arvados-test",
                    "linux-image-0.0.10-arvados-test");
            LocalAptRepository.unpublishKernelUpdate(root);
        }
    }

    @Test
    @Order(5)
    void crunchRunFalseLeavesCrunchRunOut() throws Exception {
        // As a fresh build VM would be: without the crunch-run the earlier variants installed.
        root.exec("dpkg", "--purge", "crunch-run");

        root.runProvisioning(renderProvisioning(spec().with(ImageSpec::crunchRun, false)));

        assertThat(installedVersion("crunch-run")).isEmpty();
        assertThat(installedVersion("python3-arvados-fuse")).isEqualTo("3.0.0-1");
        assertThat(root.read("/etc/apt/preferences.d/arvados-compute-image.pref")).doesNotContain("crunch-run");
        assertThat(JSON.readTree(root.read("/etc/arvados/compute-image-bom.json")).path("packages").has("crunch-run"))
                .as("not installed, not listed").isFalse();
    }

    @Test
    @Order(6)
    void aVersionPinNoPackageMatchesStopsItsStepNamingTheParameter() throws Exception {
        // The repository has python3-arvados-fuse 3.1.0 but arvados-docker-cleaner only 3.0.0.
        String output = root.runProvisioningExpectingFailure(renderProvisioning(spec()
                .with(ImageSpec::versions, new SoftwareVersions("3.1.0", null, null, null, null, null))));

        assertThat(output).contains("ERROR: [step-05-runtime] <arvadosVersion> '3.1.0' matches no version of "
                + "arvados-docker-cleaner the repositories offer (3.2.1-1, 3.0.0-1); set <arvadosVersion> "
                + "(arvados.arvadosVersion) to one of them or to a pattern such as 3.*");
        assertThat(installedVersion("python3-arvados-fuse")).as("step 4 ran").isEqualTo("3.1.0-1");
        assertThat(installedVersion("crunch-run")).as("step 4 ran").isEqualTo("3.1.0-1");
        root.runProvisioning(renderProvisioning(spec()));
    }

    private String installedVersion(String pkg) throws Exception {
        ChrootRoot.Result result = root.execResult(List.of("dpkg-query", "-W", "-f=${db:Status-Abbrev}${Version}", pkg));
        return result.exitCode() == 0 && result.output().startsWith("ii ") ? result.output().substring(3).strip() : "";
    }

    @Test
    @Order(7)
    void pinningOffLeavesNoPinFile() throws Exception {
        root.runProvisioning(renderProvisioning(spec().with(ImageSpec::pinPackages, false)
                .with(ImageSpec::resolver, null)));

        assertThat(root.path("/etc/apt/preferences.d/arvados-compute-image.pref")).doesNotExist();
        assertThat(root.read("/etc/dhcp/dhclient.conf")).doesNotContain("prepend domain-name-servers");
        assertThat(JSON.readTree(root.read("/etc/docker/daemon.json")).has("dns")).isFalse();
    }

    @Test
    @Order(8)
    void azureLeavesTheAdminUserToTheDispatcherAndTheResourceDiskToTheScratchSpace() throws Exception {
        // As cloud-init's mounts module leaves fstab on an Azure build VM, whose resource disk it mounted on /mnt.
        String buildVmMnt = "/dev/disk/cloud/azure_resource-part1\t/mnt\tauto\t"
                + "defaults,nofail,x-systemd.requires=cloud-init.service,_netdev,comment=cloudconfig\t0\t2\n";
        String fstab = "/dev/sda1 / ext4 defaults 0 1\n# /mnt was here comment=cloudconfig\n";
        Files.writeString(root.path("/etc/fstab"), fstab + buildVmMnt);

        root.runProvisioning(renderProvisioning(spec().with(ImageSpec::adminUsername, "azureadmin"),
                new AzureImage(Draft.of(AzureSettings.class).with(AzureSettings::resourceGroup, "zzzzz-images")
                        .with(AzureSettings::location, "eastus").build()),
                Map.of()));

        assertThat(root.execResult(List.of("id", "-u", "azureadmin")).exitCode()).isNotZero();
        assertThat(root.path("/etc/sudoers.d/91-arvados-admin")).content().doesNotContain("azureadmin");
        assertThat(root.read("/etc/arvados/compute-image.conf")).contains("CLOUD=azure", "ADMIN_USERNAME=azureadmin");
        assertThat(root.read("/etc/fstab")).as("only cloud-init's /mnt line gone").isEqualTo(fstab);
        assertThat(root.read(CLOUD_INIT_SCRATCH_CFG)).endsWith("mounts:\n  - [ephemeral0, null]\n");
        assertThat(root.read("/etc/arvados/scratch.conf")).contains("SCRATCH_MODE=disks", "CLOUD=azure");
    }

    @Test
    @Order(9)
    void dockerCeComesFromDockersRepositoryWithItsKeyAndTheTargetReleasesPins() throws Exception {
        Map<String, String> dockerRepository = Map.of("DOCKER_APT_URL", "file://" + DOCKER_REPO_DIR);
        String dockerCe = LocalAptRepository.DOCKER_CE_VERSION + release.dockerVersionSuffix();
        String wrongPin = root.runProvisioningExpectingFailure(renderProvisioning(spec()
                .with(ImageSpec::dockerSource, "docker-ce")
                .with(ImageSpec::versions, new SoftwareVersions(null, "5:27.*", null, null, null, null)), gcp(), dockerRepository));
        assertThat(wrongPin).contains("<dockerVersion> '5:27.*' matches no version of docker-ce the repositories offer ("
                + "5:29.0.0-1" + release.dockerVersionSuffix() + ", " + dockerCe + "); set <dockerVersion> (arvados.dockerVersion)");

        // Every version the default: Arvados 3.2.1 and its docker-ce 5:28.*, containerd.io 1.7.*, newer ones on offer.
        root.runProvisioning(renderProvisioning(spec().with(ImageSpec::dockerSource, "docker-ce")
                .with(ImageSpec::versions, null), gcp(), dockerRepository));

        assertThat(root.read("/etc/apt/sources.list.d/docker.list")).contains(
                "signed-by=/etc/apt/keyrings/docker.asc] file://" + DOCKER_REPO_DIR + " " + release.codename() + " stable");
        assertThat(root.exec("dpkg-query", "-W", "-f=${Status}", "docker-ce", "docker-ce-cli", "containerd.io"))
                .isEqualTo("install ok installed".repeat(3));
        assertThat(installedVersion("docker-ce")).isEqualTo(dockerCe);
        assertThat(installedVersion("containerd.io")).isEqualTo(LocalAptRepository.CONTAINERD_IO_VERSION);
        assertThat(installedVersion("python3-arvados-fuse")).isEqualTo("3.2.1-1");
        assertThat(installedVersion("crunch-run")).isEqualTo("3.2.1-1");
        assertThat(installedVersion("arvados-docker-cleaner")).isEqualTo("3.2.1-1");
        assertThat(root.read("/etc/apt/preferences.d/arvados-compute-image.pref"))
                .contains("Package: docker-ce\nPin: version " + dockerCe);
        assertThat(root.read("/etc/containerd/config.toml")).startsWith(
                "# BEGIN arvados-compute-image (managed by arvados-maven-plugin)\nroot = \"/tmp/containerd\"\n");
    }

    @Test
    @Order(10)
    void singularityVariantSetsMksquashfsMemFromTheDevSuite() throws Exception {
        Draft<ImageSpec> singularity = spec().with(ImageSpec::runtimeEngine, "singularity")
                .with(ImageSpec::mksquashfsMem, "512M").with(ImageSpec::repoSuffix, "-dev");
        assertThat(singularity.build().pinPackages()).as("-dev turns pinning off by default").isFalse();
        root.runProvisioning(renderProvisioning(singularity.with(ImageSpec::pinPackages, true)));

        assertThat(root.read("/etc/apt/sources.list.d/arvados.list")).contains(" " + release.codename() + "-dev main");
        assertThat(root.exec("dpkg-query", "-W", "-f=${Version}", "singularity")).isEqualTo("3.10.4-1");
        String conf = root.read("/etc/singularity/singularity.conf");
        assertThat(conf).containsPattern("(?m)^mksquashfs mem = 512M$");
        assertThat(conf.lines().filter(line -> line.startsWith("mksquashfs mem"))).hasSize(1);
        assertThat(root.read("/etc/apt/preferences.d/arvados-compute-image.pref")).contains("Package: singularity");
    }

    @Test
    @Order(11)
    void ebsAutoscaleVariantInstallsTheAutoscalerWithTheGivenConfig() throws Exception {
        EbsAutoscaleConfig ebs = Draft.of(EbsAutoscaleConfig.class).with(EbsAutoscaleConfig::filesystem, "btrfs")
                .with(EbsAutoscaleConfig::volumeGroup, "scratch_vg").with(EbsAutoscaleConfig::iops, 4000)
                .with(EbsAutoscaleConfig::throughput, 250).with(EbsAutoscaleConfig::minEbsVolumeSize, 100)
                .with(EbsAutoscaleConfig::maxEbsVolumeCount, 8).with(EbsAutoscaleConfig::initialUtilizationThreshold, 70)
                .build();
        pretendSystemdResolvedIsEnabled();

        root.runProvisioning(renderProvisioning(spec(), new AwsImage(Draft.of(AwsSettings.class)
                .with(AwsSettings::sourceAmi, "ami-0123456789abcdef0").with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::ebsAutoscaleConfig, ebs).build()), Map.of()));

        JsonNode config = installersConfig();
        EbsAutoscalerSource.assertFollowsTheSchema(config);
        assertThat(config).isEqualTo(JSON.readTree(workDir.resolve("render/aws/scripts/ebs-autoscale.json").toFile()));
        assertThat(config.at("/filesystem").asText()).isEqualTo("btrfs");
        assertThat(config.at("/lvm/volume_group").asText()).isEqualTo("scratch_vg");
        assertThat(config.at("/volume/throughput").asText()).isEqualTo("250");
        assertThat(config.at("/limits/min_ebs_volume_size").asText()).isEqualTo("100");
        assertThat(config.at("/limits/initial_utilization_threshold").asText()).isEqualTo("70");
        assertThat(installedVersion("btrfs-progs")).as("btrfs-progs, for filesystem btrfs").isNotEmpty();
        assertThat(root.read("/etc/arvados/scratch.conf")).contains("SCRATCH_MODE=ebs-autoscale", "CLOUD=aws");
        assertThat(root.path(CLOUD_INIT_SCRATCH_CFG)).as("the disks are not the scratch space's here").doesNotExist();
        assertThat(root.exec("sh", "-c", "command -v aws")).isNotBlank();
        assertUnitsVerify("arvados-scratch.service");
        assertThat(root.read("/etc/systemd/resolved.conf.d/50-arvados-resolver.conf"))
                .contains("DNS=" + RESOLVER, "Domains=~.");
        assertThat(root.read("/etc/dhcp/dhclient.conf")).doesNotContain("prepend domain-name-servers");
    }

    /**
     * The config the autoscaler's daemon reads on the image's first boot, as the autoscaler's own install.sh (the
     * real one, which the image holds) writes it: run in a network of its own where no metadata service or EC2 API
     * answers, and stopped by a mount point that is a file right after it wrote /etc/ebs-autoscale.json.
     */
    private JsonNode installersConfig() throws Exception {
        String notADirectory = "/var/tmp/ebs-autoscale-mountpoint-file";
        Files.writeString(root.path(notADirectory), "");
        Files.deleteIfExists(root.path("/etc/ebs-autoscale.json"));
        try {
            ChrootRoot.Result install = root.execResultWithoutNetwork(List.of("bash",
                    "/opt/amazon-ebs-autoscale/install.sh", "-m", notADirectory));
            assertThat(install.output()).as("install.sh's output (exit %d)", install.exitCode())
                    .contains("ERROR: " + notADirectory + " exists but is not a directory.");
            return JSON.readTree(root.read("/etc/ebs-autoscale.json"));
        } finally {
            Files.delete(root.path(notADirectory));
        }
    }

    /** An enabled unit of that name is how the provisioning tells an image resolves through systemd-resolved. */
    private void pretendSystemdResolvedIsEnabled() throws Exception {
        Files.writeString(root.path("/etc/systemd/system/systemd-resolved.service"),
                "[Unit]\nDescription=test stand-in\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
        root.exec("systemctl", "enable", "systemd-resolved.service");
    }

    private static boolean nvidiaGpuInSysfs() throws IOException {
        Path devices = Path.of("/sys/bus/pci/devices");
        if (!Files.isDirectory(devices)) {
            return false;
        }
        try (var stream = Files.list(devices)) {
            for (Path device : stream.toList()) {
                if (Files.readString(device.resolve("vendor")).strip().equals("0x10de")
                        && Files.readString(device.resolve("class")).strip().startsWith("0x03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Order(12)
    void badOptionsStopTheProvisioningBeforeItChangesAnything() throws Exception {
        Map<String, String> env = renderProvisioning(spec());
        env.put("AWS_EBS_AUTOSCALE", "true"); // the renderer never pairs this with another cloud; the script checks too
        env.put("SSH_PORT", "22");
        String sshPortBefore = root.read("/etc/ssh/sshd_config.d/50-arvados-port.conf");

        String output = root.runProvisioningExpectingFailure(env);

        assertThat(output).contains("AWS_EBS_AUTOSCALE=true needs CLOUD=aws");
        assertThat(root.read("/etc/ssh/sshd_config.d/50-arvados-port.conf")).isEqualTo(sshPortBefore);
        env.remove("RESOLVER");
        assertThat(root.runProvisioningExpectingFailure(env)).contains("RESOLVER is not set");
    }

    @Test
    @Order(13)
    void realPackerRunsTheRenderedProvisionersOverSsh() throws Exception {
        PackerExecutable packer = PackerExecutable.locate(Tools.require("packer").toString());
        Tools.require("sshd");
        RenderedImage rendered = render(spec(), gcp());
        // Undo what this test needs the provisioners to redo, so only packer's run can make the checks pass.
        root.deleteRecursively(root.path(IN_ROOT_WORKDIR));
        Files.delete(root.path("/home/" + ADMIN + "/.ssh/authorized_keys"));
        Files.writeString(root.path("/etc/hosts"), root.read("/etc/hosts").lines()
                .filter(line -> !HOSTS.contains(line)).map(line -> line + "\n").collect(Collectors.joining()));
        String policyBefore = root.read("/usr/sbin/policy-rc.d");
        Path logDir = Files.createDirectories(Path.of("target", "provisioning-it")).toAbsolutePath();
        Path clientKey = workDir.resolve("id_packer");
        ChrootRoot.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "packer@test", "-f", clientKey.toString()));
        RecordingLog logged = new RecordingLog();
        BuildResult result;

        try (ChrootSshd sshd = ChrootSshd.start(root, workDir.resolve("id_packer.pub"), logDir.resolve("sshd.log"))) {
            Path template = overSsh(rendered, sshd.port(), clientKey);
            result = packer.build(new BuildRequest(rendered.dir(), template, rendered.varFile(), OnError.CLEANUP,
                    Map.of("CHECKPOINT_DISABLE", "1"), null, Duration.ofMinutes(30), Duration.ofMinutes(2),
                    logDir.resolve("packer.log"), null), logged);
        }

        String log = logged.all();
        assertThat(result.succeeded()).as("packer build (transcript %s):%n%s", logDir.resolve("packer.log"), log).isTrue();
        assertThat(log).contains("==> [provision] reboot: provisioning",
                "==> [provision] after-reboot: provisioning",
                "==> [step-06-admin-user] " + ADMIN + ": sudo without password, dispatcher key in",
                "==> [provision] provisioning finished");
        assertThat(root.path(IN_ROOT_WORKDIR + "/provision.sh")).as("uploaded by the file provisioner").isRegularFile();
        assertAdminUser();
        assertThat(root.read("/home/" + ADMIN + "/.ssh/authorized_keys"))
                .isEqualTo(Files.readString(rendered.scriptsDir().resolve("dispatcher.pub")));
        assertThat(root.read("/etc/hosts")).contains(HOSTS);
        assertThat(root.read("/usr/sbin/policy-rc.d")).isEqualTo(policyBefore);
        Path bom = rendered.dir().resolve(ImageRenderer.BOM_FILE);
        assertThat(bom).as("fetched by packer's file download").isRegularFile();
        assertBom(JSON.readTree(bom.toFile()));
    }

    @Test
    @Order(14)
    void singularityBuiltFromSourcePutsBothItsCommandsOnThePath() throws Exception {
        // A SingularityCE build of a release the Arvados repository lacks, as `make install` lays it out under the
        // prefix (its sources are out of reach here), and the link to singularity an earlier provisioning made.
        String prefix = "/var/lib/arvados";
        LocalAptRepository.installStandIn(root, "singularity-built-from-source", "1", Map.of(
                prefix.substring(1) + "/bin/singularity", "#!/bin/sh\necho 'singularity-ce version 3.11.5'\n",
                prefix.substring(1) + "/bin/run-singularity", "#!/bin/sh\nexec singularity run \"$@\"\n",
                prefix.substring(1) + "/etc/singularity/singularity.conf", "# SINGULARITY.CONF (test stand-in)\n"));
        root.exec("ln", "-sf", prefix + "/bin/singularity", "/usr/local/bin/singularity");
        Map<String, String> env = renderProvisioning(spec().with(ImageSpec::runtimeEngine, "singularity")
                .with(ImageSpec::versions, new SoftwareVersions(null, null, null, null, null, "3.11.5")));

        try {
            runStep("step-05-runtime.sh", env);

            for (String command : List.of("singularity", "run-singularity")) {
                assertThat(root.exec("sh", "-c", "command -v " + command).strip()).isEqualTo("/usr/local/bin/" + command);
                assertThat(root.exec("readlink", "/usr/local/bin/" + command).strip()).isEqualTo(prefix + "/bin/" + command);
            }
        } finally {
            root.exec("rm", "-f", "/usr/local/bin/singularity", "/usr/local/bin/run-singularity");
            root.exec("dpkg", "--purge", "singularity-built-from-source");
        }
    }

    /** One step of the provisioning alone, as provision.sh runs it. */
    private void runStep(String step, Map<String, String> env) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/env"));
        env.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("SCRIPT_DIR=" + IN_ROOT_WORKDIR, "STEP_NAME=" + step.replace(".sh", ""), "/bin/bash",
                IN_ROOT_WORKDIR + "/" + step));
        root.exec(command.toArray(String[]::new));
    }

    /**
     * The rendered template with its cloud builder replaced by a null builder that reaches the root over SSH;
     * variables, provisioners and post-processors stay as rendered. Written beside template.json, so
     * {{template_dir}} still finds scripts/.
     */
    private static Path overSsh(RenderedImage rendered, int port, Path clientKey) throws IOException {
        ObjectNode template = (ObjectNode) JSON.readTree(rendered.template().toFile());
        template.putArray("builders").addObject()
                .put("type", "null")
                .put("communicator", "ssh")
                .put("ssh_host", "127.0.0.1")
                .put("ssh_port", port)
                .put("ssh_username", "root")
                .put("ssh_private_key_file", clientKey.toString());
        Path file = rendered.dir().resolve("template-null-ssh.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template);
        return file;
    }

    /** The base variant's settings: GCP (no cloud-specific step), every shared option set. */
    private Draft<ImageSpec> spec() throws IOException {
        return Draft.of(ImageSpec.class)
                .with(ImageSpec::clusterId, "zzzzz")
                .with(ImageSpec::publicKeyFile, publicKeyFile())
                .with(ImageSpec::adminUsername, ADMIN)
                .with(ImageSpec::sshPort, 2222)
                .with(ImageSpec::resolver, RESOLVER)
                .with(ImageSpec::hosts, HOSTS)
                .with(ImageSpec::workdir, IN_ROOT_WORKDIR)
                .with(ImageSpec::arvadosAptUrl, "file://" + REPO_DIR)
                .with(ImageSpec::arvadosAptKeyUrl, "file://" + REPO_DIR + "/pubkey.gpg")
                .with(ImageSpec::dockerSource, "docker.io")
                .with(ImageSpec::versions, new SoftwareVersions(LocalAptRepository.OLDER_ARVADOS, null, null, null, null,
                        null));
    }

    private static CloudImage gcp() {
        return new GcpImage(Draft.of(GcpSettings.class).with(GcpSettings::projectId, "zzzzz-images").build());
    }

    private Map<String, String> renderProvisioning(Draft<ImageSpec> spec) throws Exception {
        return renderProvisioning(spec, gcp(), Map.of());
    }

    /** Renders the provisioning with the plugin's own {@link ImageRenderer} and places it inside the root. */
    Map<String, String> renderProvisioning(Draft<ImageSpec> spec, CloudImage cloud, Map<String, String> testOnly)
            throws Exception {
        return ChrootProvisioning.place(root, render(spec, cloud), testOnly);
    }

    private RenderedImage render(Draft<ImageSpec> spec, CloudImage cloud) throws IOException {
        return ImageRenderer.render(spec.build(), cloud, workDir.resolve("render"), "1.6.6");
    }

    private Path publicKeyFile() throws IOException {
        Path file = workDir.resolve("render-id_dispatcher.pub");
        Files.writeString(file, publicKey);
        return file;
    }

    private String generatePublicKey() throws Exception {
        Path key = workDir.resolve("id_dispatcher");
        ChrootRoot.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dispatcher@zzzzz", "-f", key.toString()));
        return Files.readString(workDir.resolve("id_dispatcher.pub")).strip() + "\n";
    }

    private void assertAdminUser() throws Exception {
        assertThat(root.exec("id", "-u", ADMIN)).isNotBlank();
        String sudoers = "/etc/sudoers.d/91-arvados-admin";
        assertThat(root.read(sudoers)).contains(ADMIN + " ALL=(ALL) NOPASSWD:ALL");
        assertThat(root.exec("visudo", "-c", "-f", sudoers)).contains("parsed OK");
        assertThat(root.exec("stat", "-c", "%a", sudoers).strip()).isEqualTo("440");
        String home = "/home/" + ADMIN;
        assertThat(root.exec("stat", "-c", "%a %U", home + "/.ssh").strip()).isEqualTo("700 " + ADMIN);
        assertThat(root.exec("stat", "-c", "%a %U", home + "/.ssh/authorized_keys").strip()).isEqualTo("600 " + ADMIN);
        assertThat(root.read(home + "/.ssh/authorized_keys")).isEqualTo(publicKey);
        assertThat(Files.getPosixFilePermissions(root.path(home + "/.ssh")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    private void assertDaemonJson() throws Exception {
        JsonNode daemon = JSON.readTree(root.read("/etc/docker/daemon.json"));
        assertThat(daemon.path("data-root").asText()).startsWith("/tmp/");
        assertThat(daemon.path("default-ulimits").path("nofile").path("Soft").asInt()).isEqualTo(10000);
        assertThat(daemon.path("default-ulimits").path("nofile").path("Hard").asInt()).isEqualTo(10000);
        assertThat(daemon.path("dns").get(0).asText()).isEqualTo(RESOLVER);
        assertThat(daemon.at("/features/containerd-snapshotter").isBoolean()).isTrue();
        assertThat(daemon.at("/features/containerd-snapshotter").asBoolean()).as("the containerd image store").isFalse();
    }

    /** systemd-analyze verify prints nothing about our units (other units' chatter is not ours to fix). */
    private void assertUnitsVerify(String... units) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("systemd-analyze", "verify"));
        command.addAll(List.of(units));
        ChrootRoot.Result result = root.execResult(command);
        List<String> aboutOurs = result.output().lines()
                .filter(line -> line.contains("arvados") || line.contains("docker.service"))
                .toList();
        assertThat(aboutOurs).as("systemd-analyze verify output:%n%s", result.output()).isEmpty();
        assertThat(result.exitCode()).as("systemd-analyze verify output:%n%s", result.output()).isZero();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
