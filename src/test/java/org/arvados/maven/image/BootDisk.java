package org.arvados.maven.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A raw disk made from a root folder the way a cloud image holds it, without loop devices or a bootloader: the
 * folder copied into an ext4 filesystem ({@code mkfs.ext4 -d}), and the root's own newest kernel and initrd beside
 * it for qemu's direct kernel boot (the modules under /lib/modules must match the kernel).
 */
record BootDisk(Path image, Path kernel, Path initrd) {
    private static final String SIZE = "4G";

    /** Makes {@code <dir>/<name>.img} and copies the kernel and initrd next to it; the root may then be deleted. */
    static BootDisk make(Path rootDir, Path dir, String name) throws IOException, InterruptedException {
        String version = ChrootRoot.run(List.of("sh", "-c",
                "ls \"$1\"/boot | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1", "sh", rootDir.toString())).strip();
        if (version.isEmpty()) {
            throw new IOException("no kernel under " + rootDir.resolve("boot"));
        }
        Path kernel = Files.copy(rootDir.resolve("boot/vmlinuz-" + version), dir.resolve(name + ".vmlinuz"));
        Path initrd = Files.copy(rootDir.resolve("boot/initrd.img-" + version), dir.resolve(name + ".initrd"));
        Path image = dir.resolve(name + ".img");
        ChrootRoot.run(List.of("truncate", "-s", SIZE, image.toString()));
        ChrootRoot.run(List.of("mkfs.ext4", "-q", "-F", "-L", "root", "-d", rootDir.toString(), image.toString()));
        return new BootDisk(image, kernel, initrd);
    }

    /** A blank disk of {@code size} (truncate's form, e.g. 2G), as an instance store disk arrives. */
    static Path blank(Path file, String size) throws IOException, InterruptedException {
        ChrootRoot.run(List.of("truncate", "-s", size, file.toString()));
        return file;
    }
}
