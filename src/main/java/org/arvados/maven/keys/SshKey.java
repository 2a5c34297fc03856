package org.arvados.maven.keys;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.SSHNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A private key the dispatcher can use, with what OpenSSH derives from it: the public key blob, its type
 * name, size and fingerprint. {@link #toString()} never shows key material.
 */
public final class SshKey {
    private final AsymmetricKeyParameter privateKey;
    private final String sshType;
    private final String label;
    private final int bits;
    private final byte[] publicBlob;

    private SshKey(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, String sshType, String label,
                   int bits) {
        this.privateKey = privateKey;
        this.sshType = sshType;
        this.label = label;
        this.bits = bits;
        try {
            this.publicBlob = OpenSSHPublicKeyUtil.encodePublicKey(publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Wraps a Bouncy Castle private key of a type the dispatcher accepts (RSA, Ed25519, ECDSA on an OpenSSH curve).
     *
     * @throws IllegalArgumentException for any other kind of key
     */
    public static SshKey of(AsymmetricKeyParameter privateKey) {
        if (privateKey instanceof RSAPrivateCrtKeyParameters rsa) {
            RSAKeyParameters pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            return new SshKey(rsa, pub, "ssh-rsa", "RSA", rsa.getModulus().bitLength());
        }
        if (privateKey instanceof Ed25519PrivateKeyParameters ed) {
            return new SshKey(ed, ed.generatePublicKey(), "ssh-ed25519", "ED25519", 256);
        }
        if (privateKey instanceof ECPrivateKeyParameters ec) {
            String curve = SSHNamedCurves.getNameForParameters(ec.getParameters());
            if (curve == null) {
                throw new IllegalArgumentException("an ECDSA key on a curve OpenSSH does not use");
            }
            ECPublicKeyParameters pub = new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
            return new SshKey(ec, pub, "ecdsa-sha2-" + curve, "ECDSA", ec.getParameters().getCurve().getFieldSize());
        }
        throw new IllegalArgumentException("a " + (privateKey == null ? "missing" : privateKey.getClass().getSimpleName()
                .replace("PrivateKeyParameters", "").replace("KeyParameters", "")) + " key");
    }

    /**
     * An RSA private key from its CRT parts, checked the way Go's {@code rsa.PrivateKey.Validate} checks it
     * (n = p·q, d·e = 1 mod p-1 and mod q-1). Having the factors proves the modulus composite, so Bouncy Castle's
     * probabilistic modulus test (about 0.2 s per 4096-bit key, cold) is skipped for it.
     *
     * @throws IllegalArgumentException when the parts do not make one working key
     */
    public static RSAPrivateCrtKeyParameters rsaPrivateKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p,
                                                           BigInteger q, BigInteger dp, BigInteger dq, BigInteger qInv) {
        boolean consistent = n.signum() > 0 && e.testBit(0) && n.bitLength() <= KeySpec.MAX_RSA_BITS
                && p.multiply(q).equals(n) && p.compareTo(BigInteger.ONE) > 0 && q.compareTo(BigInteger.ONE) > 0
                && e.multiply(d).mod(p.subtract(BigInteger.ONE)).equals(BigInteger.ONE)
                && e.multiply(d).mod(q.subtract(BigInteger.ONE)).equals(BigInteger.ONE);
        if (!consistent) {
            throw new IllegalArgumentException("an inconsistent RSA key");
        }
        return new RSAPrivateCrtKeyParameters(n, e, d, p, q, dp, dq, qInv, true);
    }

    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The OpenSSH type name, e.g. {@code ssh-rsa}, {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}. */
    public String sshType() {
        return sshType;
    }

    /** What ssh-keygen prints in parentheses: RSA, ED25519 or ECDSA. */
    public String label() {
        return label;
    }

    public int bits() {
        return bits;
    }

    /** The public key in SSH wire format (what the base64 of a .pub line holds). */
    public byte[] publicBlob() {
        return publicBlob.clone();
    }

    /** {@code SHA256:} and the unpadded base64 of the blob's SHA-256, as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        return fingerprintOf(publicBlob);
    }

    /** The {@code ssh-keygen -l} fingerprint of a public key blob. */
    public static String fingerprintOf(byte[] publicBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The one-line OpenSSH public key, {@code type base64 comment} and a newline. */
    public String publicKeyLine(String comment) {
        String line = sshType + " " + Base64.getEncoder().encodeToString(publicBlob);
        return (comment == null || comment.isBlank() ? line : line + " " + comment) + "\n";
    }

    public byte[] publicKeyLineBytes(String comment) {
        return publicKeyLine(comment).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return label + " " + bits + " " + fingerprint();
    }
}
