package org.arvados.maven.keys;

import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.KeyPairResult.Outcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatcherKeysTest {
    @TempDir
    Path dir;

    private final DispatcherKeys keys = new DispatcherKeys();
    private final RecordingLog log = new RecordingLog();

    private KeySpec spec(Path keyFile, String type, int bits) {
        return KeySpec.of(keyFile, type, bits, null, "zzzzz");
    }

    @Test
    void createsRsaPairWithModesInNewPrivateFolders() throws Exception {
        Path keyFile = dir.resolve("a/b/id_dispatcher");
        KeyPairResult result = keys.ensure(spec(keyFile, "rsa", 2048), log);

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.sshType()).isEqualTo("ssh-rsa");
        assertThat(result.bits()).isEqualTo(2048);
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        String pub = Files.readString(result.publicKeyFile());
        assertThat(pub).matches("ssh-rsa AAAA[A-Za-z0-9+/=]+ arvados-dispatch-cloud@zzzzz\n");
        assertThat(FileTree.mode(keyFile)).isEqualTo("rw-------");
        assertThat(FileTree.mode(result.publicKeyFile())).isEqualTo("rw-r--r--");
        assertThat(FileTree.mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(FileTree.mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(result.fingerprint()).isEqualTo(
                SshKey.fingerprintOf(KeyFormats.parsePublicKeyLine(pub).orElseThrow()));
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "id_dispatcher", "id_dispatcher.pub"); // no temp files left behind
        }
    }

    @Test
    void aKeyFileThatIsNoFileSaysWhatItIsAndSuggestsAPlainPath() throws Exception {
        Path dangling = dir.resolve("id_dangling");
        Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
        for (Path keyFile : List.of(Path.of("/dev/null"), dangling)) {
            assertThatThrownBy(() -> keys.ensure(spec(keyFile, "rsa", 2048), log))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(keyFile.equals(dangling) ? "a symbolic link to nothing" : "a device, FIFO or socket")
                    .hasMessageContaining("(e.g. ${user.home}/.ssh/id_dispatcher)")
                    .hasMessageNotContaining(keyFile + "/id_dispatcher");
        }
        assertThat(Files.readSymbolicLink(dangling)).isEqualTo(dir.resolve("nowhere"));
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void theLoserOfTwoRunsRacingToCreateTheKeySaysSoPlainly() throws Exception {
        // Two names for one folder: as two Maven processes would, the runs do not share the in-JVM lock.
        Path real = Files.createDirectories(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService runs = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
            for (Path folder : List.of(real, alias)) {
                results.add(runs.submit(() -> {
                    start.await();
                    try {
                        return keys.ensure(spec(folder.resolve("id_dispatcher"), "rsa", 4096), new RecordingLog()).outcome();
                    } catch (InvalidInputException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<Object> outcomes = List.of(results.get(0).get(), results.get(1).get());
            assertThat(outcomes).containsOnlyOnce(Outcome.CREATED);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.toString()).satisfiesAnyOf(
                    text -> assertThat(text).isIn(Outcome.CREATED.toString(), Outcome.VERIFIED.toString()),
                    text -> assertThat(text).contains("another run created").contains("this run wrote nothing")));
        } finally {
            runs.shutdownNow();
        }
        try (var files = Files.list(real)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("id_dispatcher", "id_dispatcher.pub");
        }
    }

    @Test
    void logsFingerprintPathsAndConfigLineButNoKeyMaterial() throws Exception {
        Path keyFile = dir.resolve("id_dispatcher");
        KeyPairResult result = keys.ensure(spec(keyFile, "ed25519", 4096), log);

        assertThat(log.all())
                .contains("ED25519 256 bits")
                .contains(keyFile.toString()).contains(result.publicKeyFile().toString())
                .contains("256 " + result.fingerprint() + " (ED25519)")
                .contains("DispatchPrivateKey: \"file://" + keyFile + "\"")
                .contains("Clusters.zzzzz.Containers");
        for (String line : Files.readAllLines(keyFile)) {
            if (!line.startsWith("-----")) {
                assertThat(log.all()).doesNotContain(line);
            }
        }
    }

    @Test
    void secondRunVerifiesAndLeavesBothFilesByteIdentical() throws Exception {
        Path keyFile = dir.resolve("id_dispatcher");
        KeyPairResult first = keys.ensure(spec(keyFile, "ed25519", 4096), log);
        Map<String, String> before = FileTree.snapshot(dir);

        KeyPairResult second = keys.ensure(spec(keyFile, "ed25519", 4096), log);

        assertThat(second.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(FileTree.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void derivesAMissingPublicKey() throws Exception {
        Path keyFile = dir.resolve("id_dispatcher");
        KeyPairResult first = keys.ensure(spec(keyFile, "rsa", 2048), log);
        String original = Files.readString(first.publicKeyFile());
        Files.delete(first.publicKeyFile());

        KeyPairResult second = keys.ensure(spec(keyFile, "rsa", 2048), log);

        assertThat(second.outcome()).isEqualTo(Outcome.PUBLIC_KEY_DERIVED);
        assertThat(Files.readString(second.publicKeyFile())).isEqualTo(original);
        assertThat(FileTree.mode(second.publicKeyFile())).isEqualTo("rw-r--r--");
    }

    @Test
    void refusesAPublicKeyOfAnotherPairNamingBothFiles() throws Exception {
        Path keyA = dir.resolve("a");
        Path keyB = dir.resolve("b");
        keys.ensure(spec(keyA, "ed25519", 4096), log);
        keys.ensure(spec(keyB, "ed25519", 4096), log);
        Files.copy(dir.resolve("b.pub"), dir.resolve("a.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertRefusedWritingNothing(spec(keyA, "ed25519", 4096), keyA.toString(), dir.resolve("a.pub").toString(),
                "does not belong");
    }

    @Test
    void refusesAPublicKeyFileThatIsNotAKeyLine() throws Exception {
        Path keyFile = dir.resolve("id");
        keys.ensure(spec(keyFile, "ed25519", 4096), log);
        Files.writeString(dir.resolve("id.pub"), "hello world\n");
        assertRefusedWritingNothing(spec(keyFile, "ed25519", 4096), "is not one OpenSSH public key line");
    }

    @Test
    void refusesEncryptedKeyWithTheFixAndWritesNothing() throws Exception {
        Path keyFile = dir.resolve("id_enc");
        Files.writeString(keyFile, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        assertRefusedWritingNothing(spec(keyFile, "rsa", 4096), "passphrase", "dispatcher",
                "ssh-keygen -p -N '' -f " + keyFile);
    }

    @Test
    void refusesGarbageKeyAndWritesNothing() throws Exception {
        Path keyFile = dir.resolve("id_garbage");
        Files.writeString(keyFile, "not a key\n");
        assertRefusedWritingNothing(spec(keyFile, "rsa", 4096), "<keyFile>", "not a private key the dispatcher can use");
    }

    @Test
    void refusesAFolderAsKeyFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("keys"));
        assertRefusedWritingNothing(spec(folder, "rsa", 4096), "<keyFile>", "is a folder");
    }

    @Test
    void refusesAPathUnderAFile() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        assertRefusedWritingNothing(spec(dir.resolve("file/sub/id"), "rsa", 4096), "<keyFile>", "cannot be created",
                "is a file");
    }

    @Test
    void refusesAReadOnlyFolder() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-x------")));
        Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: every folder is writable");
        assertRefusedWritingNothing(spec(readOnly.resolve("id"), "rsa", 4096), "not writable");
    }

    @Test
    void refusesAStrayPublicKeyWithoutItsPrivateKey() throws Exception {
        Files.writeString(dir.resolve("id.pub"), "ssh-ed25519 AAAA x\n");
        assertRefusedWritingNothing(spec(dir.resolve("id"), "rsa", 4096), "already exists without its private key");
    }

    @Test
    void keepsAnExistingKeyOfAnotherTypeWithAWarning() throws Exception {
        Path keyFile = dir.resolve("id");
        keys.ensure(spec(keyFile, "ed25519", 4096), log);
        Map<String, String> before = FileTree.snapshot(dir);

        KeyPairResult result = keys.ensure(spec(keyFile, "rsa", 4096), log);

        assertThat(result.sshType()).isEqualTo("ssh-ed25519");
        assertThat(log.all()).contains("WARN The existing key " + keyFile + " is ED25519, not rsa");
        assertThat(FileTree.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void warnsAboutAPrivateKeyOthersCanRead() throws Exception {
        Path keyFile = dir.resolve("id");
        keys.ensure(spec(keyFile, "ed25519", 4096), log);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        keys.ensure(spec(keyFile, "ed25519", 4096), log);
        assertThat(log.all()).contains("chmod 600 " + keyFile);
        assertThat(FileTree.mode(keyFile)).isEqualTo("rw-r--r--"); // warned, never changed
    }

    @Test
    void publicKeyLineBytesAreUtf8Comment() throws Exception {
        Path keyFile = dir.resolve("id");
        keys.ensure(KeySpec.of(keyFile, "ed25519", 4096, "ops café", null), log);
        assertThat(Files.readString(dir.resolve("id.pub"), StandardCharsets.UTF_8)).endsWith(" ops café\n");
    }

    /** The run fails with bad input naming all of {@code expected}, and the folder is exactly as before. */
    private void assertRefusedWritingNothing(KeySpec spec, String... expected) throws Exception {
        Map<String, String> before = FileTree.snapshot(dir);
        assertThatThrownBy(() -> keys.ensure(spec, log)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(expected));
        assertThat(FileTree.snapshot(dir)).isEqualTo(before);
    }
}
