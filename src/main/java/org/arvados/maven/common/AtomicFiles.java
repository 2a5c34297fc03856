package org.arvados.maven.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files that matter (keys, records, the ledger, config.yml) so that a crash never leaves half of
 * one: the bytes go to a temporary file in the target's own folder, created with its final mode (so a
 * private key is never readable by others, not even for a moment), are flushed to disk, and the
 * temporary file is then moved over the target in one step. A temporary file a killed process left is
 * removed by the next write of the same target.
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    /** How /proc/self/mountinfo writes a space, tab, newline or backslash in a path: {@code \040}. */
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private AtomicFiles() {
    }

    /** What runs once the new content is complete on disk, just before it takes the target's place. */
    @FunctionalInterface
    public interface BeforeReplace {
        void run() throws IOException;
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /**
     * Replaces (or creates) {@code target} with {@code content}, readable only as {@code mode} allows. A target that
     * already is a file holding exactly {@code content} with {@code mode} is left as it is, modification time
     * included: a run whose outputs did not change rewrites, and flushes to disk, nothing.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        if (holds(target, content, mode)) {
            removeLeftovers(target);
            return;
        }
        write(target, content, mode, () -> { });
    }

    private static boolean holds(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        try {
            return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == content.length
                    && (!supportsPosix(target) || Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)
                            .equals(mode))
                    && Arrays.equals(Files.readAllBytes(target), content);
        } catch (NoSuchFileException | AccessDeniedException unreadable) {
            // Gone meanwhile, or not ours to read: the write replaces it, or says why it cannot.
            return false;
        }
    }

    /**
     * Like {@link #write(Path, byte[], Set)}, running {@code beforeReplace} (a backup of the old version, say) only
     * once the new version is complete beside the target, so that a write that cannot happen leaves nothing behind.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode, BeforeReplace beforeReplace)
            throws IOException {
        try (Temporary temp = Temporary.beside(target, mode)) {
            temp.writeFully(content);
            beforeReplace.run();
            move(temp.path, target);
        }
    }

    /**
     * Like {@link #write} but never replaces a file (no key is ever overwritten): the complete temporary
     * file is hard-linked to the target, which fails atomically when the target exists, even when another
     * process creates it at the same moment.
     */
    public static void create(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        try (Temporary temp = Temporary.beside(target, mode)) {
            temp.writeFully(content);
            Files.createLink(target, temp.path);
        }
    }

    /** Fails as a write of {@code target} would where its folder refuses new files: a temporary file is made and removed. */
    public static void checkCanWriteBeside(Path target) throws IOException {
        try (Temporary ignored = Temporary.beside(target, PRIVATE)) {
            // made, locked and deleted
        }
    }

    /**
     * Fails as a replacement of {@code target} would, and changes nothing: where its folder refuses new files, and
     * where an existing target refuses to be replaced although its folder would take the new file. Opening it for
     * writing (never writing) fails, as the rename would, where it is immutable or append-only or on a read-only
     * mount; a file that is a mount point of its own (a bind-mounted file) opens but cannot be renamed over (EBUSY).
     */
    public static void checkCanReplace(Path target) throws IOException {
        checkCanWriteBeside(target);
        if (!Files.isRegularFile(target)) {
            return;
        }
        try (FileChannel ignored = FileChannel.open(target, StandardOpenOption.WRITE)) {
            // opened, never written
        } catch (AccessDeniedException modeOnly) {
            // EACCES: only its mode refuses writing into it (a 0444 file), and a replacement writes nothing into it.
        } catch (FileSystemException e) {
            throw new FileSystemException(target.toString(), null, e.getReason() + ": the file itself cannot be"
                    + " replaced (immutable or append-only, see lsattr; or on a read-only mount)");
        }
        if (isMountPoint(target.toRealPath())) {
            throw new FileSystemException(target.toString(), null, "it is a mount point of its own (a bind-mounted"
                    + " file), which cannot be replaced; mount its folder instead");
        }
    }

    /** Whether Linux lists {@code path} as a mount point; false where there is no /proc/self/mountinfo. */
    private static boolean isMountPoint(Path path) throws IOException {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return false;
        }
        String wanted = path.toString();
        try (Stream<String> lines = Files.lines(mountinfo)) {
            // Fields: ID, parent ID, major:minor, root, mount point (spaces and such as octal escapes), ...
            return lines.map(line -> line.split(" ")).filter(fields -> fields.length > 4)
                    .anyMatch(fields -> unescapeOctal(fields[4]).equals(wanted));
        }
    }

    private static String unescapeOctal(String field) {
        return OCTAL_ESCAPE.matcher(field)
                .replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                        String.valueOf((char) Integer.parseInt(match.group(1), 8))));
    }

    /**
     * Deletes the temporary files of {@code target} that a killed process left (a complete private key among
     * them, perhaps): {@code .<name>...<digits>.tmp} in its folder that no live writer holds locked. Every
     * temporary file of this class is locked by its writer for its whole life, and the lock dies with it.
     */
    public static void removeLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Pattern ours = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "[.\\w-]*\\.\\d+\\.tmp");
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(file -> ours.matcher(file.getFileName().toString()).matches()).toList();
        }
        java.time.Instant fresh = java.time.Instant.now().minusSeconds(60);
        for (Path leftover : candidates) {
            try {
                // A writer makes its file, then locks it: one this young may be between the two.
                if (Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(fresh)) {
                    continue;
                }
            } catch (NoSuchFileException gone) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(leftover, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 FileLock lock = channel.tryLock()) {
                if (lock != null && Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(leftover);
                }
            } catch (OverlappingFileLockException | NoSuchFileException inUseOrGone) {
                // A writer of this JVM holds it, or its writer finished meanwhile.
            }
        }
    }

    /** A temporary file beside its target, with its final mode, locked by this writer until closed. */
    private static final class Temporary implements AutoCloseable {
        private final Path path;
        private final FileChannel channel;
        private final FileLock lock;
        /**
         * The mode to set once the content is written, or null when it was made with it: a read-only mode (a 0444
         * ledger keeps it) would refuse the writing to anyone but root.
         */
        private final Set<PosixFilePermission> finalMode;

        private Temporary(Path path, FileChannel channel, FileLock lock, Set<PosixFilePermission> finalMode) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
            this.finalMode = finalMode;
        }

        static Temporary beside(Path target, Set<PosixFilePermission> mode) throws IOException {
            removeLeftovers(target);
            Path dir = target.toAbsolutePath().getParent();
            String prefix = "." + target.getFileName() + ".";
            boolean posix = supportsPosix(dir);
            Set<PosixFilePermission> writable = EnumSet.noneOf(PosixFilePermission.class);
            writable.addAll(mode);
            writable.add(PosixFilePermission.OWNER_WRITE);
            Path path = posix
                    ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(writable))
                    : Files.createTempFile(dir, prefix, ".tmp");
            FileChannel channel = null;
            try {
                channel = FileChannel.open(path, StandardOpenOption.WRITE);
                return new Temporary(path, channel, channel.lock(), posix && !writable.equals(mode) ? mode : null);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                Files.deleteIfExists(path);
                throw e;
            }
        }

        void writeFully(byte[] content) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            if (finalMode != null) {
                Files.setPosixFilePermissions(path, finalMode);
            }
        }

        /** Deletes the temporary file unless it was moved into place, then lets go of it. */
        @Override
        public void close() throws IOException {
            try {
                Files.deleteIfExists(path);
            } finally {
                lock.release();
                channel.close();
            }
        }
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
