package org.arvados.maven.keys;

import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.KeyPairResult.Outcome;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real ssh-keygen reads what this plugin writes, and this plugin reads what ssh-keygen writes. */
class SshKeygenInteropTest {
    @TempDir
    Path dir;

    private String sshKeygen;
    private final DispatcherKeys keys = new DispatcherKeys();
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void needsSshKeygen() {
        sshKeygen = Tools.require("ssh-keygen").toString();
    }

    @ParameterizedTest
    @CsvSource({"rsa, 2048, RSA", "rsa, 4096, RSA", "ed25519, 4096, ED25519"})
    void sshKeygenReadsTheGeneratedPair(String type, int bits, String label) throws Exception {
        Path keyFile = dir.resolve("id_" + type);
        KeyPairResult result = keys.ensure(KeySpec.of(keyFile, type, bits, null, "zzzzz"), log);

        String derived = Processes.ok(List.of(sshKeygen, "-y", "-f", keyFile.toString())).strip();
        assertThat(typeAndBase64(derived)).isEqualTo(typeAndBase64(Files.readString(result.publicKeyFile())));

        String fromPrivate = Processes.ok(List.of(sshKeygen, "-l", "-f", keyFile.toString()));
        String fromPublic = Processes.ok(List.of(sshKeygen, "-l", "-f", result.publicKeyFile().toString()));
        int expectedBits = type.equals("rsa") ? bits : 256;
        assertThat(fromPublic).startsWith(expectedBits + " " + result.fingerprint() + " arvados-dispatch-cloud@zzzzz ("
                + label + ")");
        assertThat(fromPrivate).startsWith(expectedBits + " " + result.fingerprint() + " ");
        assertThat(log.all()).contains(result.fingerprint());
    }

    @ParameterizedTest
    @CsvSource({
            "rsa, 2048, PEM, RSA PRIVATE KEY, RSA",
            "rsa, 2048, RFC4716, OPENSSH PRIVATE KEY, RSA",
            "rsa, 2048, PKCS8, PRIVATE KEY, RSA",
            "ed25519, 256, RFC4716, OPENSSH PRIVATE KEY, ED25519",
            "ecdsa, 256, RFC4716, OPENSSH PRIVATE KEY, ECDSA",
            "ecdsa, 384, RFC4716, OPENSSH PRIVATE KEY, ECDSA",
            "ecdsa, 521, RFC4716, OPENSSH PRIVATE KEY, ECDSA",
            "ecdsa, 256, PEM, EC PRIVATE KEY, ECDSA",
            "ecdsa, 384, PKCS8, PRIVATE KEY, ECDSA",
    })
    void readsKeysSshKeygenMade(String type, int bits, String format, String pemType, String label) throws Exception {
        Path keyFile = dir.resolve("id");
        sshKeygenNew(keyFile, type, bits, format, "");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN " + pemType + "-----");
        String fingerprint = Processes.ok(List.of(sshKeygen, "-l", "-f", keyFile + ".pub"));
        String originalPub = Files.readString(dir.resolve("id.pub"));

        KeyPairResult verified = keys.ensure(KeySpec.of(keyFile, "rsa", 4096, null, null), log);
        assertThat(verified.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(verified.label()).isEqualTo(label);
        assertThat(fingerprint).startsWith(verified.bits() + " " + verified.fingerprint() + " ");
        assertThat(verified.bits()).isEqualTo(bits);

        Files.delete(dir.resolve("id.pub"));
        KeyPairResult derived = keys.ensure(KeySpec.of(keyFile, "rsa", 4096, null, null), log);
        assertThat(derived.outcome()).isEqualTo(Outcome.PUBLIC_KEY_DERIVED);
        assertThat(typeAndBase64(Files.readString(dir.resolve("id.pub")))).isEqualTo(typeAndBase64(originalPub));
    }

    @ParameterizedTest
    @CsvSource({"rsa, 2048, PEM", "rsa, 2048, RFC4716", "rsa, 2048, PKCS8", "ed25519, 256, RFC4716",
            "ecdsa, 256, PEM"})
    void refusesKeysWithAPassphrase(String type, int bits, String format) throws Exception {
        Path keyFile = dir.resolve("id");
        sshKeygenNew(keyFile, type, bits, format, "secret");
        Files.delete(dir.resolve("id.pub"));
        Map<String, String> before = FileTree.snapshot(dir);

        assertThatThrownBy(() -> keys.ensure(KeySpec.of(keyFile, "rsa", 4096, null, null), log))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("passphrase")
                .hasMessageContaining("ssh-keygen -p -N '' -f " + keyFile);
        assertThat(FileTree.snapshot(dir)).isEqualTo(before);
    }

    private void sshKeygenNew(Path keyFile, String type, int bits, String format, String passphrase) throws Exception {
        List<String> command = new ArrayList<>(List.of(sshKeygen, "-q", "-t", type, "-N", passphrase, "-f",
                keyFile.toString(), "-m", format));
        if (!type.equals("ed25519")) {
            command.addAll(List.of("-b", Integer.toString(bits)));
        }
        Processes.ok(command);
    }

    private static String typeAndBase64(String publicKeyLine) {
        String[] fields = publicKeyLine.strip().split("\\s+");
        return fields[0] + " " + fields[1];
    }
}
