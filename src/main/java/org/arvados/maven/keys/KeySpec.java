package org.arvados.maven.keys;

import org.arvados.maven.common.Identifiers;
import org.arvados.maven.common.Problems;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the dispatcher's key pair should be: where it lives and, when it has to be made, its type, size and
 * comment. Built only through {@link #of}, which checks every value first, so a spec is always valid.
 *
 * @param keyFile    the private key; the public key is the same path plus {@code .pub}
 * @param keyType    the type of a new key (an existing key of another type is kept)
 * @param keySize    RSA modulus bits of a new key (ignored, and not checked, for Ed25519)
 * @param keyComment the comment of the public key line
 * @param clusterId  the cluster this key serves, when known
 */
public record KeySpec(Path keyFile, KeyType keyType, int keySize, String keyComment, Optional<String> clusterId) {
    public static final int DEFAULT_RSA_BITS = 4096;
    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 16384;
    public static final String COMMENT_PREFIX = "arvados-dispatch-cloud";

    public KeySpec {
        keyFile = keyFile.toAbsolutePath().normalize();
    }

    /** The public key file beside the private one. */
    public Path publicKeyFile() {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    /**
     * Checks the raw parameter values and builds the spec.
     *
     * @throws org.arvados.maven.common.InvalidInputException listing every bad value, its POM element and the fix
     */
    public static KeySpec of(Path keyFile, String keyType, int keySize, String keyComment, String clusterId) {
        Problems problems = new Problems();
        problems.check(keyFile != null && !keyFile.toString().isBlank(),
                "<keyFile> (arvados.keyFile) is empty; give the path of the dispatcher's private key, e.g. "
                        + "${user.home}/.ssh/id_dispatcher.");
        Optional<KeyType> type = KeyType.fromParameter(keyType);
        problems.check(type.isPresent(), "<keyType> (arvados.keyType) is \"" + keyType
                + "\"; use rsa (the default, which EC2 always accepts) or ed25519.");
        boolean rsaSizeMatters = type.isEmpty() || type.get() == KeyType.RSA;
        problems.check(!rsaSizeMatters || keySize >= MIN_RSA_BITS && keySize <= MAX_RSA_BITS,
                "<keySize> (arvados.keySize) is " + keySize + "; an RSA key needs " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits (default " + DEFAULT_RSA_BITS
                + "). Remove <keySize> to use the default.");
        Optional<String> cluster = Optional.ofNullable(clusterId).map(String::trim).filter(id -> !id.isEmpty());
        cluster.ifPresent(id -> problems.check(Identifiers.CLUSTER_ID.matcher(id).matches(), "<clusterId> (arvados.clusterId) is \""
                + id + "\"; a cluster ID is exactly 5 lower-case letters or digits, e.g. zzzzz."));
        Optional<String> comment = Optional.ofNullable(keyComment).map(String::trim).filter(c -> !c.isEmpty());
        comment.ifPresent(c -> problems.check(c.chars().noneMatch(Character::isISOControl),
                "<keyComment> (arvados.keyComment) holds a line break or control character; use one line of text."));
        problems.throwIfAny();
        String resolvedComment = comment.orElseGet(
                () -> cluster.map(id -> COMMENT_PREFIX + "@" + id).orElse(COMMENT_PREFIX));
        return new KeySpec(keyFile, type.orElseThrow(), keySize, resolvedComment, cluster);
    }
}
