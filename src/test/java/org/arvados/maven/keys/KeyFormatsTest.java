package org.arvados.maven.keys;

import org.arvados.maven.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFormatsTest {
    /** A public key and the fingerprint `ssh-keygen -l` printed for it. */
    private static final String VECTOR_LINE =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDXTWBYLJav2yyGjPAYm689PfmXg7wwhp65hQcmxIBbm vec";
    private static final String VECTOR_FINGERPRINT = "SHA256:vlAGVhtNOEFk4Grc7YjOzpPjCwckk7r5hbA6KK9oJe4";

    private static final KeyGenerator GENERATOR = new KeyGenerator();

    @Test
    void fingerprintMatchesSshKeygenVector() {
        byte[] blob = KeyFormats.parsePublicKeyLine(VECTOR_LINE).orElseThrow();
        assertThat(SshKey.fingerprintOf(blob)).isEqualTo(VECTOR_FINGERPRINT);
    }

    @Test
    void rsaIsWrittenAsPkcs1PemAndReadBack() throws Exception {
        SshKey key = GENERATOR.generate(KeyType.RSA, 2048);
        String pem = new String(KeyFormats.encodePrivateKey(key), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
        SshKey back = KeyFormats.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII));
        assertThat(back.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(back.sshType()).isEqualTo("ssh-rsa");
        assertThat(back.bits()).isEqualTo(2048);
    }

    @Test
    void refusesRsaPartsThatDoNotMakeOneKey() {
        var rsa = (org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters)
                GENERATOR.generate(KeyType.RSA, 2048).privateKey();
        java.math.BigInteger wrongD = rsa.getExponent().add(java.math.BigInteger.TWO);
        assertThatThrownBy(() -> SshKey.rsaPrivateKey(rsa.getModulus(), rsa.getPublicExponent(), wrongD, rsa.getP(),
                rsa.getQ(), rsa.getDP(), rsa.getDQ(), rsa.getQInv())).isInstanceOf(IllegalArgumentException.class);
        java.math.BigInteger otherN = rsa.getModulus().add(java.math.BigInteger.TWO);
        assertThatThrownBy(() -> SshKey.rsaPrivateKey(otherN, rsa.getPublicExponent(), rsa.getExponent(), rsa.getP(),
                rsa.getQ(), rsa.getDP(), rsa.getDQ(), rsa.getQInv())).isInstanceOf(IllegalArgumentException.class);
        assertThat(SshKey.rsaPrivateKey(rsa.getModulus(), rsa.getPublicExponent(), rsa.getExponent(), rsa.getP(),
                rsa.getQ(), rsa.getDP(), rsa.getDQ(), rsa.getQInv()).getModulus()).isEqualTo(rsa.getModulus());
    }

    @Test
    void ed25519IsWrittenAsOpenSshAndReadBack() throws Exception {
        SshKey key = GENERATOR.generate(KeyType.ED25519, 0);
        String pem = new String(KeyFormats.encodePrivateKey(key), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        SshKey back = KeyFormats.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII));
        assertThat(back.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(back.label()).isEqualTo("ED25519");
        assertThat(back.bits()).isEqualTo(256);
    }

    @Test
    void publicKeyLineIsTypeBase64Comment() {
        SshKey key = GENERATOR.generate(KeyType.ED25519, 0);
        String line = key.publicKeyLine("arvados-dispatch-cloud@zzzzz");
        assertThat(line).matches("ssh-ed25519 [A-Za-z0-9+/=]+ arvados-dispatch-cloud@zzzzz\n");
        assertThat(KeyFormats.parsePublicKeyLine(line)).hasValueSatisfying(b -> assertThat(b).isEqualTo(key.publicBlob()));
    }

    @Test
    void refusesPemMarkedEncrypted() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n";
        assertRefused(pem, UnusableKeyException.Reason.ENCRYPTED);
        assertRefused("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                UnusableKeyException.Reason.ENCRYPTED);
    }

    @Test
    void refusesOtherBlocksAndGarbage() {
        assertRefused("-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n",
                UnusableKeyException.Reason.UNSUPPORTED);
        assertRefused(VECTOR_LINE, UnusableKeyException.Reason.UNREADABLE);
        assertRefused("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                UnusableKeyException.Reason.UNREADABLE);
        assertRefused("", UnusableKeyException.Reason.UNREADABLE);
    }

    @Test
    void refusalMessagesNeverQuoteTheFile() {
        String body = Base64.getEncoder().encodeToString("secret-material-0123456789".getBytes(StandardCharsets.US_ASCII));
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> KeyFormats.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(UnusableKeyException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body).doesNotContain("secret-material"));
    }

    static Stream<byte[]> anyBytes() {
        return RandomInputs.cases(7, 300, random -> random.bytes(600));
    }

    static Stream<String> anyText() {
        return RandomInputs.cases(8, 300, random -> random.string(200));
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("anyBytes")
    void anyBytesEitherParseOrAreRefusedCleanly(byte[] content) {
        try {
            KeyFormats.parsePrivateKey(content);
        } catch (UnusableKeyException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("anyBytes")
    void anyOpenSshBlockBodyIsRefusedCleanly(byte[] body) {
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(body)
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        try {
            KeyFormats.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (UnusableKeyException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("anyText")
    void anyTextIsAPublicKeyLineOrEmpty(String text) {
        assertThat(KeyFormats.parsePublicKeyLine(text)).isNotNull();
    }

    private static void assertRefused(String content, UnusableKeyException.Reason reason) {
        assertThatThrownBy(() -> KeyFormats.parsePrivateKey(content.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(UnusableKeyException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
