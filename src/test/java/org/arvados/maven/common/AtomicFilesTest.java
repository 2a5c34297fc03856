package org.arvados.maven.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardOpenOption;

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

    /** Leftovers are what writers long gone left; a file made a moment ago may be a live writer's, not yet locked. */
    private static void age(Path file) throws java.io.IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
    }
}
