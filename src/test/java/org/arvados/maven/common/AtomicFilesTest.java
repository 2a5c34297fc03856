package org.arvados.maven.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWriteRemovesTheTemporaryFilesAKilledWriterLeftForTheSameTarget() throws Exception {
        Path key = dir.resolve("id_dispatcher");
        // What kill -9 between the temporary file and the link left: a complete key under a name nobody knows.
        Path strayKey = Files.writeString(dir.resolve(".id_dispatcher.4711.tmp"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Path strayPublic = Files.writeString(dir.resolve(".id_dispatcher.pub.4712.tmp"), "ssh-ed25519 AAAA\n");
        Path strayBackup = Files.writeString(dir.resolve(".config.yml.bak-20261201T120000Z.4713.tmp"), "Clusters: {}\n");
        Path someoneElses = Files.writeString(dir.resolve(".other.4714.tmp"), "not ours\n");
        for (Path stray : List.of(strayKey, strayPublic, strayBackup, someoneElses)) {
            age(stray);
        }

        AtomicFiles.create(key, "key\n".getBytes(), AtomicFiles.PRIVATE);
        AtomicFiles.write(dir.resolve("config.yml"), "Clusters: {}\n", AtomicFiles.PUBLIC);

        assertThat(strayKey).doesNotExist();
        assertThat(strayPublic).doesNotExist();
        assertThat(strayBackup).doesNotExist();
        assertThat(someoneElses).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("id_dispatcher", "config.yml", ".other.4714.tmp");
        }
    }

    @Test
    void aTemporaryFileALiveWriterHoldsIsLeftAlone() throws Exception {
        Path target = dir.resolve("arvados-images.json");
        Path inUse = Files.writeString(dir.resolve(".arvados-images.json.815.tmp"), "{\"images\": []}\n");
        age(inUse);
        try (FileChannel channel = FileChannel.open(inUse, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            AtomicFiles.write(target, "{\"images\": []}\n", AtomicFiles.PUBLIC);
            assertThat(inUse).exists();
        }
        AtomicFiles.removeLeftovers(target);
        assertThat(inUse).doesNotExist();
    }

    @Test
    void aTemporaryFileJustMadeIsLeftAloneForItsWriterToLock() throws Exception {
        Path target = dir.resolve("arvados-images.json");
        Path justMade = Files.writeString(dir.resolve(".arvados-images.json.816.tmp"), "{\"images\": []}\n");
        AtomicFiles.removeLeftovers(target);
        assertThat(justMade).exists();
    }

    @Test
    void aWriteOfTheBytesAndModeAFileAlreadyHasLeavesItAsItIs() throws Exception {
        Path template = dir.resolve("template.json");
        AtomicFiles.write(template, "{}\n", AtomicFiles.PUBLIC);
        age(template);
        FileTime before = Files.getLastModifiedTime(template);
        Object inode = Files.readAttributes(template, BasicFileAttributes.class).fileKey();
        Path stray = Files.writeString(dir.resolve(".template.json.4715.tmp"), "{}\n");
        age(stray);

        AtomicFiles.write(template, "{}\n", AtomicFiles.PUBLIC);

        assertThat(Files.getLastModifiedTime(template)).isEqualTo(before);
        assertThat(Files.readAttributes(template, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(stray).doesNotExist();
    }

    @Test
    void aWriteReplacesAFileThatDiffersInContentOrModeOnly() throws Exception {
        Path record = dir.resolve("aws-image.json");
        AtomicFiles.write(record, "{\"imageId\": \"ami-1\"}\n", AtomicFiles.PUBLIC);
        age(record);
        FileTime before = Files.getLastModifiedTime(record);

        AtomicFiles.write(record, "{\"imageId\": \"ami-2\"}\n", AtomicFiles.PUBLIC);
        assertThat(record).hasContent("{\"imageId\": \"ami-2\"}");
        assertThat(Files.getLastModifiedTime(record)).isNotEqualTo(before);

        AtomicFiles.write(record, "{\"imageId\": \"ami-2\"}\n", AtomicFiles.PRIVATE);
        assertThat(Files.getPosixFilePermissions(record)).isEqualTo(AtomicFiles.PRIVATE);

        Path target = dir.resolve("shared.json");
        Files.createSymbolicLink(target, record);
        AtomicFiles.write(target, "{\"imageId\": \"ami-2\"}\n", AtomicFiles.PRIVATE);
        assertThat(Files.isSymbolicLink(target)).as("a link to a file holding the bytes is replaced, as before").isFalse();
    }

    /** Leftovers are what writers long gone left; a file made a moment ago may be a live writer's, not yet locked. */
    private static void age(Path file) throws java.io.IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
    }
}
