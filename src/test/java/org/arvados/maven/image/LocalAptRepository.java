package org.arvados.maven.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A file:// apt repository inside a test root, laid out like apt.arvados.org ({@code <dir>/<codename>/dists/<suite>})
 * and signed like it: a throwaway Ed25519 key made with gpg inside the root signs each suite's InRelease, and its
 * public half is served as pubkey.gpg. So the provisioning's real signed-by path is exercised, not [trusted=yes].
 * The packages are stand-ins (built with dpkg-deb inside the root) for what cannot be downloaded in a test.
 */
final class LocalAptRepository {
    private static final String GNUPG_HOME = "/srv/test-gnupg";
    private static final String STANDINS = "/srv/standins";

    record StandIn(String name, String version, String depends, Map<String, String> files) {
    }

    /** A kernel metapackage as linux-image-cloud-amd64 is one: it depends on the kernel of the current ABI. */
    static final String KERNEL_METAPACKAGE = "linux-image-arvados-test";
    private static final String KERNEL_SOURCE_LIST = "/etc/apt/sources.list.d/kernel-test.list";

    /** docker-ce's newest version of the series the default pins (5:28.*), before the release suffix. */
    static final String DOCKER_CE_VERSION = "5:28.5.2-1";
    /** containerd.io's newest version of the series the default pins (1.7.*). */
    static final String CONTAINERD_IO_VERSION = "1.7.28-1";
    /** Newer versions than the defaults pin: what an unpinned build would take. */
    private static final String DOCKER_CE_NEWER = "5:29.0.0-1";
    private static final String CONTAINERD_IO_NEWER = "2.1.4-1";

    /** Docker's repository for {@code release}: files nowhere near docker.io's, which the same root already has. */
    private static List<StandIn> dockerStandIns(DebianRelease release) {
        List<StandIn> standIns = new ArrayList<>();
        for (String version : List.of(DOCKER_CE_VERSION, DOCKER_CE_NEWER)) {
            standIns.addAll(dockerCeStandIns(version + release.dockerVersionSuffix()));
        }
        for (String version : List.of(CONTAINERD_IO_VERSION, CONTAINERD_IO_NEWER)) {
            standIns.add(new StandIn("containerd.io", version, "", Map.of(
                    "usr/share/doc/containerd.io/stand-in", "containerd.io test stand-in\n")));
        }
        return standIns;
    }

    private static List<StandIn> dockerCeStandIns(String version) {
        return List.of(
                new StandIn("docker-ce", version, "docker-ce-cli, containerd.io", Map.of(
                        "usr/share/doc/docker-ce/stand-in", "docker-ce test stand-in\n",
                        // The units the real package ships, which the provisioning enables and orders.
                        "lib/systemd/system/docker.service", """
                                [Unit]
                                Description=Docker Application Container Engine (test stand-in)
                                Requires=docker.socket
                                [Service]
                                ExecStart=/bin/true
                                [Install]
                                WantedBy=multi-user.target
                                """,
                        "lib/systemd/system/docker.socket", """
                                [Unit]
                                Description=Docker Socket for the API (test stand-in)
                                [Socket]
                                ListenStream=/run/docker.sock
                                [Install]
                                WantedBy=sockets.target
                                """)),
                new StandIn("docker-ce-cli", version, "", Map.of(
                        "usr/share/doc/docker-ce-cli/stand-in", "docker-ce-cli test stand-in\n")));
    }

    /**
     * An Arvados release before 3.2.1, whose crunch-run Debian's docker.io serves (Docker API 1.35): what the tests
     * that install docker.io set as arvadosVersion, as an operator of such a cluster would.
     */
    static final String OLDER_ARVADOS = "3.0.0";

    /** One Arvados release of what the image installs from the Arvados repository. */
    private static List<StandIn> arvadosRelease(String version, boolean withDockerCleaner) {
        List<StandIn> standIns = new ArrayList<>(List.of(
                new StandIn("python3-arvados-fuse", version + "-1", "fuse3", Map.of(
                        "usr/bin/arv-mount", "#!/bin/sh\necho 'arv-mount test stand-in'\n")),
                new StandIn("crunch-run", version + "-1", "", Map.of(
                        "usr/bin/crunch-run", "#!/bin/sh\n[ \"$1\" = --list ] && exit 0\nexit 2\n"))));
        if (withDockerCleaner) {
            standIns.add(new StandIn("arvados-docker-cleaner", version + "-1", "", Map.of(
                    "usr/bin/arvados-docker-cleaner", "#!/bin/sh\nexec sleep infinity\n",
                    "lib/systemd/system/arvados-docker-cleaner.service", """
                            [Unit]
                            Description=Arvados Docker Image Cleaner (test stand-in)
                            After=network.target
                            AssertPathExists=/etc/arvados/docker-cleaner/docker-cleaner.json

                            [Service]
                            Type=simple
                            Restart=always
                            RestartSec=10s
                            ExecStart=/usr/bin/arvados-docker-cleaner

                            [Install]
                            WantedBy=multi-user.target
                            """)));
        }
        return standIns;
    }

    /**
     * Three Arvados releases of what the image installs from the Arvados repository: {@link #OLDER_ARVADOS}, 3.1.0
     * without a docker cleaner (a version pattern one package has and another lacks), the release the defaults
     * name; and singularity.
     */
    private static final List<StandIn> STAND_INS = Stream.of(arvadosRelease(OLDER_ARVADOS, true),
            arvadosRelease("3.1.0", false), arvadosRelease(SoftwareVersions.TARGET.arvados(), true), List.of(
            new StandIn("singularity", "3.10.4-1", "", Map.of(
                    // Runs a sandbox folder image by chroot: enough for `singularity exec IMAGE COMMAND...`.
                    "usr/bin/singularity", """
                            #!/bin/sh
                            case "$1" in
                                exec) shift; image="$1"; shift; exec chroot "$image" "$@" ;;
                                *) echo 'singularity version 3.10.4 (test stand-in)' ;;
                            esac
                            """,
                    "etc/singularity/singularity.conf", """
                            # SINGULARITY.CONF (test stand-in)
                            allow setuid = yes
                            # MKSQUASHFS MEM: [STRING]
                            # DEFAULT: Unlimited
                            # mksquashfs mem = 1G
                            """))))
            .flatMap(List::stream).toList();

    /**
     * NVIDIA's packages as they behave on a machine without a GPU: the persistence daemon and the CDI refresh
     * (container toolkit 1.18) fail there, and the driver asks for its modules at boot; every unit is enabled
     * by its package, as the real ones are.
     */
    private static final List<StandIn> NVIDIA_CUDA_STAND_INS = List.of(
            new StandIn("cuda-drivers", "580.95.05-1", "", Map.of(
                    "usr/bin/nvidia-persistenced", """
                            #!/bin/sh
                            [ -e /dev/nvidia0 ] || { echo 'nvidia-persistenced failed to initialize.' >&2; exit 1; }
                            exec sleep infinity
                            """,
                    "lib/systemd/system/nvidia-persistenced.service", """
                            [Unit]
                            Description=NVIDIA Persistence Daemon (test stand-in)
                            [Service]
                            Type=simple
                            ExecStart=/usr/bin/nvidia-persistenced
                            [Install]
                            WantedBy=multi-user.target
                            """,
                    "etc/modules-load.d/nvidia.conf", "nvidia\nnvidia-uvm\n",
                    "DEBIAN/postinst", "#!/bin/sh\nsystemctl enable nvidia-persistenced.service\n")));

    private static final List<StandIn> NVIDIA_TOOLKIT_STAND_INS = List.of(
            new StandIn("nvidia-container-toolkit", "1.18.0-1", "jq", Map.of(
                    "usr/bin/nvidia-ctk", """
                            #!/bin/sh
                            set -e
                            case "$1 $2" in
                                "runtime configure")
                                    tmp="$(mktemp)"
                                    jq '.runtimes.nvidia = {"args": [], "path": "nvidia-container-runtime"}' \\
                                        /etc/docker/daemon.json >"$tmp"
                                    mv "$tmp" /etc/docker/daemon.json ;;
                                "cdi generate")
                                    echo 'failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND' >&2; exit 1 ;;
                            esac
                            """,
                    "lib/systemd/system/nvidia-cdi-refresh.service", """
                            [Unit]
                            Description=Refresh NVIDIA CDI specification file (test stand-in)
                            [Service]
                            Type=oneshot
                            ExecStart=/usr/bin/nvidia-ctk cdi generate --output=/var/run/cdi/nvidia.yaml
                            [Install]
                            WantedBy=multi-user.target
                            """,
                    "lib/systemd/system/nvidia-cdi-refresh.path", """
                            [Unit]
                            Description=Trigger CDI refresh on driver changes (test stand-in)
                            [Path]
                            PathChanged=/lib/modules/%v/modules.dep
                            [Install]
                            WantedBy=multi-user.target
                            """,
                    "DEBIAN/postinst",
                    "#!/bin/sh\nsystemctl enable nvidia-cdi-refresh.path nvidia-cdi-refresh.service\n")));

    private LocalAptRepository() {
    }

    /**
     * The Arvados repository for {@code release} at {@code repoDir} (inside the root) with the given suites, all
     * alike, and Docker's at {@code dockerDir}: {@code <dir>/dists/<codename>/stable}, key at {@code <dir>/gpg} as
     * download.docker.com has.
     */
    static void build(ChrootRoot root, DebianRelease release, String repoDir, List<String> suites, String dockerDir)
            throws IOException, InterruptedException {
        Files.createDirectories(root.path(repoDir));
        Files.createDirectories(root.path(dockerDir));
        makeSigningKey(root);
        gpg(root, "--armor", "--output", repoDir + "/pubkey.gpg", "--export");
        publish(root, repoDir + "/" + release.codename(), suites, "main", STAND_INS);
        gpg(root, "--armor", "--output", dockerDir + "/gpg", "--export");
        publish(root, dockerDir, List.of(release.codename()), "stable", dockerStandIns(release));
        root.exec("env", "GNUPGHOME=" + GNUPG_HOME, "gpgconf", "--kill", "all");
    }

    /**
     * NVIDIA's two repositories as step 10 finds them at NVIDIA_CUDA_REPO_URL and NVIDIA_TOOLKIT_REPO_URL: flat
     * ("/" suite) repositories, CUDA's announced by a cuda-keyring package that adds its source, the toolkit's
     * under {@code stable/deb/amd64} with its key at {@code gpgkey}. Needs {@link #build} first (the signing key).
     */
    static void buildNvidia(ChrootRoot root, DebianRelease release, String cudaDir, String toolkitDir)
            throws IOException, InterruptedException {
        Files.createDirectories(root.path(cudaDir));
        String key = "/usr/share/keyrings/cuda-archive-keyring.asc";
        gpg(root, "--armor", "--output", cudaDir + "/test-key.asc", "--export");
        StandIn keyring = new StandIn("cuda-keyring", "1.1-1", "", Map.of(
                key.substring(1), root.read(cudaDir + "/test-key.asc"),
                "etc/apt/sources.list.d/cuda-debian" + release.version() + "-x86_64.list",
                "deb [signed-by=" + key + "] file://" + cudaDir + " /\n"));
        buildDeb(root, keyring, cudaDir + "/cuda-keyring_1.1-1_all.deb");
        publishFlat(root, cudaDir, "NVIDIA test", NVIDIA_CUDA_STAND_INS);
        Files.createDirectories(root.path(toolkitDir));
        gpg(root, "--armor", "--output", toolkitDir + "/gpgkey", "--export");
        publishFlat(root, toolkitDir + "/stable/deb/amd64", "NVIDIA test", NVIDIA_TOOLKIT_STAND_INS);
        root.exec("env", "GNUPGHOME=" + GNUPG_HOME, "gpgconf", "--kill", "all");
    }

    /** A stand-in kernel of {@code release}: its image under /boot and its modules' folder. */
    static StandIn kernel(String release) {
        return new StandIn("linux-image-" + release, "1", "", Map.of("boot/vmlinuz-" + release, "test stand-in kernel\n",
                "usr/lib/modules/" + release + "/modules.dep", ""));
    }

    /** {@link #KERNEL_METAPACKAGE} at {@code version}, depending on the kernel of {@code release}. */
    static StandIn kernelMetapackage(String version, String release) {
        return new StandIn(KERNEL_METAPACKAGE, version, "linux-image-" + release, Map.of());
    }

    /**
     * A kernel security update that bumps the ABI, as Debian's security suite serves one: {@link #KERNEL_METAPACKAGE}
     * at {@code version} moves to a new package, the kernel of {@code release}, in a signed flat repository at
     * {@code dir} that apt's sources name. Needs {@link #build} first (the signing key).
     */
    static void publishKernelUpdate(ChrootRoot root, String dir, String version, String release)
            throws IOException, InterruptedException {
        publishFlat(root, dir, "Kernel test", List.of(kernel(release), kernelMetapackage(version, release)));
        gpg(root, "--armor", "--output", dir + "/key.asc", "--export");
        root.exec("env", "GNUPGHOME=" + GNUPG_HOME, "gpgconf", "--kill", "all");
        writeFile(root.path(KERNEL_SOURCE_LIST), "deb [signed-by=" + dir + "/key.asc] file://" + dir + " /\n");
    }

    static void unpublishKernelUpdate(ChrootRoot root) throws IOException {
        Files.deleteIfExists(root.path(KERNEL_SOURCE_LIST));
    }

    private static void publishFlat(ChrootRoot root, String dir, String origin, List<StandIn> standIns)
            throws IOException, InterruptedException {
        writeSignedRelease(root, dir, origin, "", "Packages", buildDebs(root, dir, "./", standIns));
    }

    private static void publish(ChrootRoot root, String baseDir, List<String> suites, String component,
                                List<StandIn> standIns) throws IOException, InterruptedException {
        String packages = buildDebs(root, baseDir, "pool/" + component + "/", standIns);
        for (String suite : suites) {
            writeSignedRelease(root, baseDir + "/dists/" + suite, "Arvados test", "Suite: " + suite + "\nCodename: "
                    + suite + "\nComponents: " + component + "\n", component + "/binary-amd64/Packages", packages);
        }
    }

    /** Builds each stand-in at {@code <baseDir>/<prefix><name>_all.deb}; returns their Packages index. */
    private static String buildDebs(ChrootRoot root, String baseDir, String prefix, List<StandIn> standIns)
            throws IOException, InterruptedException {
        Files.createDirectories(root.path(baseDir + "/" + prefix));
        StringBuilder packages = new StringBuilder();
        for (StandIn standIn : standIns) {
            String filename = prefix + debName(standIn);
            buildDeb(root, standIn, baseDir + "/" + filename);
            packages.append(packagesEntry(standIn, filename, root.path(baseDir + "/" + filename))).append('\n');
        }
        return packages.toString();
    }

    /** Writes {@code packages} at {@code <dir>/<packagesPath>} and a Release listing it, signed as InRelease. */
    private static void writeSignedRelease(ChrootRoot root, String dir, String origin, String suiteFields,
                                           String packagesPath, String packages) throws IOException, InterruptedException {
        Path packagesFile = root.path(dir + "/" + packagesPath);
        Files.createDirectories(packagesFile.getParent());
        Files.writeString(packagesFile, packages);
        byte[] bytes = Files.readAllBytes(packagesFile);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        Files.writeString(root.path(dir + "/Release"), "Origin: " + origin + "\nLabel: " + origin + "\n" + suiteFields
                + "Date: " + date + "\nArchitectures: amd64 all\nSHA256:\n " + sha256(bytes) + " " + bytes.length + " "
                + packagesPath + "\n");
        gpg(root, "--clearsign", "-o", dir + "/InRelease", dir + "/Release");
    }

    /** name_version_all.deb, the version's epoch colon spelled as in Debian's pool. */
    private static String debName(StandIn standIn) {
        return standIn.name() + "_" + standIn.version().replace(":", "%3a") + "_all.deb";
    }

    /** Builds a stand-in package holding {@code files} (paths relative to /) and installs it with dpkg. */
    static void installStandIn(ChrootRoot root, String name, String version, Map<String, String> files)
            throws IOException, InterruptedException {
        installStandIn(root, new StandIn(name, version, "", files));
    }

    /** Builds {@code standIn} and installs it with dpkg (what it depends on must be installed already). */
    static void installStandIn(ChrootRoot root, StandIn standIn) throws IOException, InterruptedException {
        String deb = STANDINS + "/" + standIn.name() + ".deb";
        buildDeb(root, standIn, deb);
        root.exec("dpkg", "-i", deb);
    }

    private static void buildDeb(ChrootRoot root, StandIn standIn, String debInRoot) throws IOException, InterruptedException {
        String tree = STANDINS + "/" + debName(standIn);
        StringBuilder control = new StringBuilder()
                .append("Package: ").append(standIn.name()).append('\n')
                .append("Version: ").append(standIn.version()).append('\n')
                .append("Architecture: all\nMaintainer: arvados-maven-plugin tests <tests@example.invalid>\n");
        if (!standIn.depends().isEmpty()) {
            control.append("Depends: ").append(standIn.depends()).append('\n');
        }
        control.append("Description: test stand-in for ").append(standIn.name()).append('\n');
        writeFile(root.path(tree + "/DEBIAN/control"), control.toString());
        StringBuilder conffiles = new StringBuilder();
        // DEBIAN/postinst and the like sit in the same map: dpkg-deb takes them from the tree's DEBIAN folder.
        for (Map.Entry<String, String> file : standIn.files().entrySet()) {
            writeFile(root.path(tree + "/" + file.getKey()), file.getValue());
            if (file.getKey().startsWith("etc/")) {
                conffiles.append('/').append(file.getKey()).append('\n');
            }
        }
        if (!conffiles.isEmpty()) {
            writeFile(root.path(tree + "/DEBIAN/conffiles"), conffiles.toString());
        }
        root.exec("dpkg-deb", "--root-owner-group", "--build", tree, debInRoot);
    }

    private static String packagesEntry(StandIn standIn, String filename, Path deb) throws IOException {
        byte[] bytes = Files.readAllBytes(deb);
        return "Package: " + standIn.name() + "\nVersion: " + standIn.version() + "\nArchitecture: all\n"
                + (standIn.depends().isEmpty() ? "" : "Depends: " + standIn.depends() + "\n")
                + "Maintainer: arvados-maven-plugin tests <tests@example.invalid>\n"
                + "Filename: " + filename + "\nSize: " + bytes.length + "\nSHA256: " + sha256(bytes) + "\n"
                + "Description: test stand-in for " + standIn.name() + "\n";
    }

    private static void makeSigningKey(ChrootRoot root) throws IOException, InterruptedException {
        Files.createDirectories(root.path(GNUPG_HOME));
        Files.setPosixFilePermissions(root.path(GNUPG_HOME), PosixFilePermissions.fromString("rwx------"));
        gpg(root, "--passphrase", "", "--quick-generate-key", "Arvados test repository <repo@example.invalid>",
                "ed25519", "sign", "never");
    }

    private static void gpg(ChrootRoot root, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 5];
        command[0] = "env";
        command[1] = "GNUPGHOME=" + GNUPG_HOME;
        command[2] = "gpg";
        command[3] = "--batch";
        command[4] = "--pinentry-mode=loopback";
        System.arraycopy(args, 0, command, 5, args.length);
        root.exec(command);
    }

    private static void writeFile(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        String perms = content.startsWith("#!") ? "rwxr-xr-x" : "rw-r--r--";
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
