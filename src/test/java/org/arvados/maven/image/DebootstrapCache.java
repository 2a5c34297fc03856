package org.arvados.maven.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * A minimal Debian root made with debootstrap, kept as a tarball under ~/.cache/arvados-maven-plugin/ named by a
 * hash of everything that went into it, so only the first run pays for debootstrap.
 */
final class DebootstrapCache {
    private static final String VARIANT = "minbase";
    /** Bump when the way the root is made changes without the inputs below changing. */
    private static final String RECIPE = "1";

    private DebootstrapCache() {
    }

    static Path rootTarball(String suite, String mirror, List<String> packages, Path scratch)
            throws IOException, InterruptedException {
        Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "arvados-maven-plugin");
        Path tarball = cacheDir.resolve("debootstrap-" + suite + "-" + key(suite, mirror, packages) + ".tar");
        if (Files.isRegularFile(tarball)) {
            return tarball;
        }
        Files.createDirectories(cacheDir);
        Path bootstrap = scratch.resolve("debootstrap");
        try {
            ChrootRoot.run(List.of("debootstrap", "--variant=" + VARIANT, "--include=" + String.join(",", packages),
                    suite, bootstrap.toString(), mirror));
            ChrootRoot.run(List.of("chroot", bootstrap.toString(), "apt-get", "clean"));
            Path partial = Files.createTempFile(cacheDir, "debootstrap-", ".tar.partial");
            ChrootRoot.run(List.of("tar", "-C", bootstrap.toString(), "--numeric-owner", "-cf", partial.toString(), "."));
            Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            ChrootRoot.run(List.of("rm", "-rf", "--one-file-system", bootstrap.toString()));
        }
        return tarball;
    }

    private static String key(String suite, String mirror, List<String> packages) {
        String inputs = String.join("\n", RECIPE, suite, mirror, VARIANT, String.join(",", new TreeSet<>(packages)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
