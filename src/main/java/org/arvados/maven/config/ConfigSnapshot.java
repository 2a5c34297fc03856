package org.arvados.maven.config;

import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The config file as read: its real path (a symlinked /etc/arvados/config.yml is edited where it lives,
 * the link stays), bytes, text, modification time and POSIX attributes, so the new version can be put
 * in place with the same mode and owner, and only if nobody changed the file in the meantime.
 */
record ConfigSnapshot(Path path, byte[] bytes, String text, FileTime modified, PosixFileAttributes posix) {

    static ConfigSnapshot read(Path configFile) throws IOException {
        if (configFile == null) {
            throw new InvalidInputException("No config file given: set <configFile> or -Darvados.configFile=/etc/arvados/config.yml.");
        }
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException("The config file " + configFile + " does not exist or is not a file "
                    + "(arvados.configFile): point it at the cluster's config.yml.");
        }
        Path real = configFile.toRealPath();
        byte[] bytes = Files.readAllBytes(real);
        FileTime modified = Files.getLastModifiedTime(real);
        PosixFileAttributes posix = AtomicFiles.supportsPosix(real)
                ? Files.readAttributes(real, PosixFileAttributes.class) : null;
        return new ConfigSnapshot(real, bytes, decode(bytes, configFile), modified, posix);
    }

    private static String decode(byte[] bytes, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not UTF-8 text (arvados.configFile); Arvados reads its config as UTF-8.");
        }
    }

    /** Refuses to go on when the file changed on disk after it was read (another editor, a deploy). */
    void checkUnchanged() throws IOException {
        Path folder = path.toAbsolutePath().getParent();
        if (!Files.isWritable(folder)) {
            throw new InvalidInputException("Cannot write in " + folder + " (the new " + path.getFileName()
                    + " is written beside it, then moved into place): run as a user who may, or use -Darvados.dryRun=true.");
        }
        boolean same = Files.isRegularFile(path)
                && Files.getLastModifiedTime(path).equals(modified)
                && Arrays.equals(Files.readAllBytes(path), bytes);
        if (!same) {
            throw new InvalidInputException(path + " changed on disk while update-config was working on it; "
                    + "nothing was written. Run the goal again.");
        }
    }

    /**
     * Replaces the file with {@code text}: temporary file, fsync, atomic move; then mode and owner as before. With
     * a {@code backupStamp}, the old bytes are kept first (see {@link #backUp}), once the new version is complete
     * beside the file, so a write that cannot happen leaves no backup. Returns the backup.
     */
    Optional<Path> replaceWith(String text, Optional<String> backupStamp, BuildLog log) throws IOException {
        List<Path> backup = new ArrayList<>(1);
        try {
            AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8), mode(), () -> {
                if (backupStamp.isPresent()) {
                    backup.add(backUp(backupStamp.get(), log));
                }
            });
        } catch (IOException e) {
            for (Path file : backup) {
                Files.deleteIfExists(file);
            }
            throw new InvalidInputException("Cannot replace " + path + " (" + e.getMessage() + "); nothing was"
                    + " changed. Check the file's permissions and attributes (lsattr: immutable?) and its filesystem"
                    + " (read-only?), or use -Darvados.dryRun=true.");
        }
        restoreAttributes(path, log);
        return backup.stream().findFirst();
    }

    /** Keeps the bytes as read in {@code <file>.bak-<stamp>} (same mode: it may hold secrets). */
    private Path backUp(String stamp, BuildLog log) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path backup = path.resolveSibling(path.getFileName() + ".bak-" + stamp + (attempt == 0 ? "" : "-" + attempt));
            try {
                AtomicFiles.create(backup, bytes, mode());
                restoreAttributes(backup, log);
                return backup;
            } catch (FileAlreadyExistsException e) {
                // a backup from the same second: take the next name
            }
        }
    }

    private Set<PosixFilePermission> mode() {
        return posix == null ? AtomicFiles.PUBLIC : posix.permissions();
    }

    /** The umask may have narrowed the mode; a different owner (we run as root) must get the file back. */
    private void restoreAttributes(Path file, BuildLog log) {
        if (posix == null) {
            return;
        }
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            view.setPermissions(posix.permissions());
            PosixFileAttributes now = view.readAttributes();
            if (!now.owner().equals(posix.owner())) {
                view.setOwner(posix.owner());
            }
            GroupPrincipal group = posix.group();
            if (!now.group().equals(group)) {
                view.setGroup(group);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            log.warn("Could not give " + file + " its previous owner " + posix.owner().getName() + ":"
                    + posix.group().getName() + " (" + e.getMessage() + "); check its ownership.");
        }
    }
}
