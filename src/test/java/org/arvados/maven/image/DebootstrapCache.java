package org.arvados.maven.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Debian roots for the tests, one pair per {@link DebianRelease}, each kept as a tarball under ~/.cache/arvados-maven-plugin/ named by a hash of
 * everything that went into it, so only the first run pays for making it: a minimal root made with debootstrap
 * (the provisioning's starting point in the chroot IT) and, made from it, a stock cloud image's root (the boot
 * IT's).
 */
final class DebootstrapCache {
    static final String MIRROR = "http://deb.debian.org/debian";
    /** Baked into the minimal root; provision.sh installs everything else itself. */
    static final List<String> ROOT_PACKAGES = List.of("systemd", "systemd-sysv", "dbus", "gnupg", "ca-certificates");
    /** Run inside the minimal root to make the cloud image's root. */
    private static final String CLOUD_BASE_SCRIPT = "/boot/cloud-base.sh";
    private static final String VARIANT = "minbase";
    /** Bump when the way the root is made changes without the inputs below changing. */
    private static final String RECIPE = "1";

    private DebootstrapCache() {
    }

    /** The minimal root of {@code release}. */
    static Path minimalRoot(DebianRelease release, Path scratch) throws IOException, InterruptedException {
        return rootTarball(release.codename(), MIRROR, ROOT_PACKAGES, scratch);
    }

    /**
     * The minimal root made what a stock Debian cloud image of that release is (cloud kernel, sshd, cloud-init
     * with NoCloud, DHCP), by src/test/resources/boot/cloud-base.sh run inside it.
     */
    static Path cloudBaseRoot(DebianRelease release, Path scratch) throws IOException, InterruptedException {
        String script = resource(CLOUD_BASE_SCRIPT);
        Path minimal = minimalRoot(release, scratch);
        return cached("cloud-base-" + release.codename() + "-" + key(minimal.getFileName().toString(), script), scratch, (dir, tarball) -> {
            try (ChrootRoot root = ChrootRoot.extract(minimal, dir.resolve("root"))) {
                root.mount();
                Files.writeString(root.path("/var/tmp/cloud-base.sh"), script);
                root.exec("/bin/bash", "/var/tmp/cloud-base.sh");
                Files.delete(root.path("/var/tmp/cloud-base.sh"));
                root.unmount();
                tar(root.dir(), tarball);
            }
        });
    }

    static Path rootTarball(String suite, String mirror, List<String> packages, Path scratch)
            throws IOException, InterruptedException {
        String name = "debootstrap-" + suite + "-" + key(RECIPE, suite, mirror, VARIANT,
                String.join(",", new TreeSet<>(packages)));
        return cached(name, scratch, (dir, tarball) -> {
            Path bootstrap = dir.resolve("debootstrap");
            ChrootRoot.run(List.of("debootstrap", "--variant=" + VARIANT, "--include=" + String.join(",", packages),
                    suite, bootstrap.toString(), mirror));
            ChrootRoot.run(List.of("chroot", bootstrap.toString(), "apt-get", "clean"));
            tar(bootstrap, tarball);
        });
    }

    private interface TarballMaker {
        /** Writes the tarball, using {@code dir}, a scratch folder deleted afterwards. */
        void make(Path dir, Path tarball) throws IOException, InterruptedException;
    }

    /**
     * The tarball {@code name}, made by {@code maker} when the cache lacks it. Test classes run in parallel forks:
     * a lock file makes one of them make it while the others wait for it.
     */
    private static Path cached(String name, Path scratch, TarballMaker maker) throws IOException, InterruptedException {
        Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "arvados-maven-plugin");
        Path tarball = cacheDir.resolve(name + ".tar");
        if (Files.isRegularFile(tarball)) {
            return tarball;
        }
        Files.createDirectories(cacheDir);
        try (FileChannel lock = FileChannel.open(cacheDir.resolve(name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            if (Files.isRegularFile(tarball)) {
                return tarball;
            }
            Path dir = Files.createTempDirectory(scratch, name);
            Path partial = Files.createTempFile(cacheDir, name, ".tar.partial");
            try {
                maker.make(dir, partial);
                Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
                ChrootRoot.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
            }
        }
        return tarball;
    }

    private static void tar(Path root, Path tarball) throws IOException, InterruptedException {
        ChrootRoot.run(List.of("tar", "-C", root.toString(), "--numeric-owner", "-cf", tarball.toString(), "."));
    }

    private static String resource(String name) throws IOException {
        try (var in = DebootstrapCache.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String key(String... parts) {
        String inputs = String.join("\n", parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
