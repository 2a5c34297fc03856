package org.arvados.maven.keys;

import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;

/** Makes new keys: RSA with the JDK's generator, Ed25519 with Bouncy Castle. */
public final class KeyGenerator {
    public SshKey generate(KeyType type, int rsaBits) {
        return switch (type) {
            case RSA -> rsa(rsaBits);
            case ED25519 -> ed25519();
        };
    }

    private static SshKey ed25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return SshKey.of(generator.generateKeyPair().getPrivate());
    }

    private static SshKey rsa(int bits) {
        RSAPrivateCrtKey key;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + bits + "-bit RSA key", e);
        }
        return SshKey.of(SshKey.rsaPrivateKey(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient()));
    }
}
