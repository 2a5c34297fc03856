package org.arvados.maven.keys;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The file formats of dispatcher keys, all through Bouncy Castle. Writes RSA keys as PEM
 * {@code RSA PRIVATE KEY} (PKCS#1) and Ed25519 keys as {@code OPENSSH PRIVATE KEY}; reads what Go's
 * x/crypto/ssh {@code ParsePrivateKey} reads (the dispatcher's parser): PEM {@code RSA PRIVATE KEY},
 * {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} and {@code OPENSSH PRIVATE KEY}, from the first PEM
 * block of the file, unencrypted.
 */
public final class KeyFormats {
    static final String RSA_PEM = "RSA PRIVATE KEY";
    static final String PKCS8_PEM = "PRIVATE KEY";
    static final String EC_PEM = "EC PRIVATE KEY";
    static final String OPENSSH_PEM = "OPENSSH PRIVATE KEY";
    static final String ENCRYPTED_PKCS8_PEM = "ENCRYPTED PRIVATE KEY";
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    private KeyFormats() {
    }

    /** The private key file's bytes: PKCS#1 PEM for RSA, OpenSSH for Ed25519 (what ssh-keygen writes for each). */
    public static byte[] encodePrivateKey(SshKey key) throws IOException {
        AsymmetricKeyParameter privateKey = key.privateKey();
        if (privateKey instanceof RSAPrivateCrtKeyParameters) {
            PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey);
            return pem(new PemObject(RSA_PEM, info.parsePrivateKey().toASN1Primitive().getEncoded()));
        }
        if (privateKey instanceof Ed25519PrivateKeyParameters) {
            return pem(new PemObject(OPENSSH_PEM, OpenSSHPrivateKeyUtil.encodePrivateKey(privateKey)));
        }
        throw new IllegalArgumentException("this plugin only writes new RSA and Ed25519 keys, not " + key.label());
    }

    private static byte[] pem(PemObject object) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a private key file's content as the dispatcher would.
     *
     * @throws UnusableKeyException when it is encrypted, of a type the dispatcher does not use, or unreadable
     */
    public static SshKey parsePrivateKey(byte[] content) throws UnusableKeyException {
        PemObject pem = firstPemBlock(content);
        if (isEncrypted(pem)) {
            throw new UnusableKeyException(UnusableKeyException.Reason.ENCRYPTED,
                    "it is protected by a passphrase (" + pem.getType() + ")");
        }
        AsymmetricKeyParameter parsed = parseBlock(pem);
        try {
            return SshKey.of(parsed);
        } catch (IllegalArgumentException e) {
            throw new UnusableKeyException(UnusableKeyException.Reason.UNSUPPORTED,
                    "it holds " + e.getMessage() + "; the dispatcher takes RSA, Ed25519 or ECDSA keys");
        }
    }

    private static PemObject firstPemBlock(byte[] content) throws UnusableKeyException {
        try (PemReader reader = new PemReader(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            PemObject pem = reader.readPemObject();
            if (pem != null) {
                return pem;
            }
        } catch (IOException | RuntimeException e) {
            // Falls through to the one message below: the parser's own text could quote the file.
        }
        throw new UnusableKeyException(UnusableKeyException.Reason.UNREADABLE,
                "it is not a PEM or OpenSSH private key (no readable -----BEGIN ...----- block)");
    }

    private static boolean isEncrypted(PemObject pem) throws UnusableKeyException {
        if (ENCRYPTED_PKCS8_PEM.equals(pem.getType())) {
            return true;
        }
        for (Object header : pem.getHeaders()) {
            PemHeader h = (PemHeader) header;
            if ("Proc-Type".equalsIgnoreCase(h.getName()) && h.getValue().toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
                return true;
            }
        }
        return OPENSSH_PEM.equals(pem.getType()) && !"none".equals(openSshCipher(pem.getContent()));
    }

    /** The cipher name at the head of an openssh-key-v1 blob ("none" when unencrypted). */
    private static String openSshCipher(byte[] blob) throws UnusableKeyException {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        try {
            byte[] magic = new byte[OPENSSH_MAGIC.length];
            buffer.get(magic);
            int length = buffer.getInt();
            if (!Arrays.equals(magic, OPENSSH_MAGIC) || length < 0 || length > 64) {
                throw new IllegalArgumentException();
            }
            byte[] name = new byte[length];
            buffer.get(name);
            return new String(name, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            throw new UnusableKeyException(UnusableKeyException.Reason.UNREADABLE,
                    "its OPENSSH PRIVATE KEY block is damaged (no openssh-key-v1 header)");
        }
    }

    private static AsymmetricKeyParameter parseBlock(PemObject pem) throws UnusableKeyException {
        String type = pem.getType();
        try {
            return switch (type) {
                case RSA_PEM -> pkcs1(pem.getContent());
                // A SEC1 body is ASN.1, which this Bouncy Castle entry point tells apart from openssh-key-v1.
                case EC_PEM, OPENSSH_PEM -> OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(pem.getContent());
                case PKCS8_PEM -> PrivateKeyFactory.createKey(pem.getContent());
                default -> throw new UnusableKeyException(UnusableKeyException.Reason.UNSUPPORTED,
                        "its first PEM block is \"" + type + "\"; the dispatcher reads " + RSA_PEM + ", "
                                + PKCS8_PEM + ", " + EC_PEM + " or " + OPENSSH_PEM);
            };
        } catch (IOException | RuntimeException e) {
            throw new UnusableKeyException(UnusableKeyException.Reason.UNREADABLE,
                    "its " + type + " block could not be read as a private key");
        }
    }

    private static AsymmetricKeyParameter pkcs1(byte[] der) {
        RSAPrivateKey key = RSAPrivateKey.getInstance(der);
        return SshKey.rsaPrivateKey(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrime1(), key.getPrime2(), key.getExponent1(), key.getExponent2(), key.getCoefficient());
    }

    /**
     * The key blob of a one-line OpenSSH public key ({@code type base64 [comment]}), if the text is one.
     */
    public static Optional<byte[]> parsePublicKeyLine(String text) {
        String[] lines = text.strip().split("\\R");
        String[] fields = lines[0].trim().split("\\s+");
        if (lines.length != 1 || fields.length < 2) {
            return Optional.empty();
        }
        try {
            byte[] blob = Base64.getDecoder().decode(fields[1]);
            String blobType = new String(blob, 4, ByteBuffer.wrap(blob).getInt(), StandardCharsets.US_ASCII);
            return blobType.equals(fields[0]) ? Optional.of(blob) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
