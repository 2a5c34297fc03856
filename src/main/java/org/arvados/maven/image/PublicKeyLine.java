package org.arvados.maven.image;

import org.arvados.maven.common.Problems;
import org.arvados.maven.keys.KeyFormats;
import org.arvados.maven.keys.SshKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The dispatcher's public key as the image gets it.
 *
 * @param line        the one OpenSSH line (type, base64 key, optional comment), without a line break
 * @param fingerprint its {@code SHA256:...} fingerprint, as ssh-keygen -l prints it
 */
public record PublicKeyLine(String line, String fingerprint) {
    private static final Set<String> KEY_TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    /**
     * The key in {@code file}, or null with a problem naming {@code element} added; a problem never quotes what the
     * file holds, which may be a private key given in the wrong place.
     */
    static PublicKeyLine read(Problems problems, String element, Path file) {
        if (file == null) {
            problems.add(element + " is required: the dispatcher's public key (run arvados:keypair first,"
                    + " or point it at an existing .pub file)");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(element + ": " + file + " does not exist; run arvados:keypair first or point it"
                    + " at the dispatcher's .pub file");
            return null;
        }
        Optional<PublicKeyLine> key;
        try {
            key = parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            problems.add(element + ": " + file + " cannot be read as text; give the dispatcher's .pub file");
            return null;
        }
        problems.check(key.isPresent(), element + ": " + file + " is not one OpenSSH public key line (type, base64"
                + " key, optional comment); give the .pub file, not the private key");
        return key.orElse(null);
    }

    private static Optional<PublicKeyLine> parse(String content) {
        if (content.contains("\n") || content.contains("\r") || !KEY_TYPES.contains(content.split(" ", 2)[0])) {
            return Optional.empty();
        }
        return KeyFormats.parsePublicKeyLine(content).map(blob -> new PublicKeyLine(content, SshKey.fingerprintOf(blob)));
    }
}
