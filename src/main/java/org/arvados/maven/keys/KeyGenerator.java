package org.arvados.maven.keys;

import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;


import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Makes new keys. RSA comes from the JDK's generator; Ed25519 from Bouncy Castle.
 *
 * <p>An RSA prime search takes a random time (0.3 s to 2 s for 4096 bits). With more than one core, a few
 * independent JDK generations race and the first key finished is used; the others run to their end on daemon
 * threads and are dropped. That trades some spare CPU for a shorter, steadier wait, and never changes how a
 * key is made.
 */
public final class KeyGenerator {
    private static final int MAX_RACERS = 2;
    private final int racers;

    public KeyGenerator() {
        this(Math.min(MAX_RACERS, Runtime.getRuntime().availableProcessors()));
    }

    /** @param racers how many RSA generations to race (1: plain sequential generation) */
    public KeyGenerator(int racers) {
        this.racers = Math.max(1, racers);
    }

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

    private SshKey rsa(int bits) {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) (racers == 1 ? jdkRsa(bits) : firstOfRace(bits));
        return SshKey.of(SshKey.rsaPrivateKey(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                key.getCrtCoefficient()));
    }

    private PrivateKey firstOfRace(int bits) {
        List<CompletableFuture<PrivateKey>> running = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            CompletableFuture<PrivateKey> future = new CompletableFuture<>();
            Thread thread = new Thread(() -> complete(future, bits), "arvados-rsa-keygen-" + i);
            thread.setDaemon(true);
            thread.start();
            running.add(future);
        }
        try {
            return (PrivateKey) CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating an RSA key", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("RSA key generation failed", e.getCause());
        }
    }

    private static void complete(CompletableFuture<PrivateKey> future, int bits) {
        try {
            future.complete(jdkRsa(bits));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    private static PrivateKey jdkRsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + bits + "-bit RSA key", e);
        }
    }
}
