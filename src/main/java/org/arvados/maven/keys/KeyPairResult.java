package org.arvados.maven.keys;

import java.nio.file.Path;

/**
 * What {@link DispatcherKeys#ensure} found or made.
 *
 * @param sshType        the OpenSSH key type name, e.g. {@code ssh-rsa}
 * @param label          the short type ssh-keygen prints in parentheses, e.g. {@code RSA}
 * @param bits           the key size as ssh-keygen reports it
 * @param privateKeyFile absolute path of the private key
 * @param publicKeyFile  absolute path of the public key
 * @param fingerprint    {@code SHA256:...} exactly as {@code ssh-keygen -l} prints it
 * @param outcome        whether the pair was created, verified, or completed with a derived public key
 */
public record KeyPairResult(String sshType, String label, int bits, Path privateKeyFile, Path publicKeyFile,
                            String fingerprint, Outcome outcome) {
    public enum Outcome {
        /** No key existed: a new pair was generated. */
        CREATED,
        /** The key and its public key existed and match. */
        VERIFIED,
        /** The key existed without a public key file; it was derived from the private key. */
        PUBLIC_KEY_DERIVED
    }
}
