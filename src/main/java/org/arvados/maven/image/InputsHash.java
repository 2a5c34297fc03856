package org.arvados.maven.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * SHA-256 of everything that decides what an image contains: packer's version (and from packer 1.10
 * the builder plugin's), the template, every non-secret variable (except the hash's own variable and the
 * per-build ones), every file in scripts/ and the dispatcher's public key. Each part is written as tag, length, bytes, so no two different inputs run together into
 * the same stream. The template only references the hash through {@code {{user `inputs_hash`}}}, so the
 * AMI tag can carry the hash of a template that does not change when the hash does.
 */
public final class InputsHash {
    private InputsHash() {
    }

    /**
     * @param toolchain packer's version, then for packer 1.10+ the pinned plugin, e.g.
     *                  {@code 1.11.2 github.com/hashicorp/amazon v1.3.10}
     */
    public static String compute(String toolchain, String template, SortedMap<String, String> variables,
                                 SortedMap<String, byte[]> scripts, String publicKey) {
        MessageDigest digest = sha256();
        part(digest, "packer-version", text(toolchain));
        part(digest, "template", text(template));
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            if (!variable.getKey().equals(ImageRenderer.INPUTS_HASH_VARIABLE)) {
                part(digest, "variable", text(variable.getKey()));
                part(digest, "value", text(variable.getValue()));
            }
        }
        for (Map.Entry<String, byte[]> script : scripts.entrySet()) {
            part(digest, "script", text(script.getKey()));
            part(digest, "content", script.getValue());
        }
        part(digest, "public-key", text(publicKey));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] text(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }

    private static void part(MessageDigest digest, String tag, byte[] content) {
        digest.update(text(tag));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
        digest.update(content);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
