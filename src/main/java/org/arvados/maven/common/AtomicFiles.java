package org.arvados.maven.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that matter (keys, records, the ledger, config.yml) so that a crash never leaves half of
 * one: the bytes go to a temporary file in the target's own folder, created with its final mode (so a
 * private key is never readable by others, not even for a moment), are flushed to disk, and the
 * temporary file is then moved over the target in one step.
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Replaces (or creates) {@code target} with {@code content}, readable only as {@code mode} allows. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path temp = createTemp(target, mode);
        try {
            writeFully(temp, content);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeFully(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Like {@link #write} but never replaces a file (no key is ever overwritten): the complete temporary
     * file is hard-linked to the target, which fails atomically when the target exists, even when another
     * process creates it at the same moment.
     */
    public static void create(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path temp = createTemp(target, mode);
        try {
            writeFully(temp, content);
            Files.createLink(target, temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path createTemp(Path target, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        if (supportsPosix(dir)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(mode);
            return Files.createTempFile(dir, prefix, ".tmp", attr);
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates {@code dir} and its missing parents; the folders it creates get {@code mode}. */
    public static void createDirectories(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent, mode);
        }
        if (supportsPosix(parent)) {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(mode));
        } else {
            Files.createDirectory(absolute);
        }
    }

    public static boolean supportsPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
