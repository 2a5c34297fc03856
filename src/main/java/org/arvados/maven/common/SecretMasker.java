package org.arvados.maven.common;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Replaces every known secret value in a text with {@code ****}. Packer prints variable values
 * unmasked in machine-readable mode before 1.15.1, so every line that reaches a log, an exception or
 * packer.log passes through here first.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /** Values this short would mask ordinary words; a secret is never that short in practice. */
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    public SecretMasker(Set<String> secrets) {
        this(secrets, List.of());
    }

    /**
     * Masks each secret and every other form {@code forms} make of it: how a child escapes it in its output, and
     * what reading that output back makes of it (a secret with a literal backslash-n comes back with a newline).
     */
    public SecretMasker(Set<String> secrets, List<UnaryOperator<String>> forms) {
        Set<String> kept = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            kept.add(secret);
            forms.forEach(form -> kept.add(form.apply(secret)));
        }
        kept.removeIf(value -> value.length() < MIN_LENGTH);
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = kept.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static SecretMasker none() {
        return new SecretMasker(Set.of());
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** A log that masks every message before passing it on. */
    public BuildLog masking(BuildLog log) {
        return new BuildLog() {
            @Override public void debug(String message) { log.debug(mask(message)); }
            @Override public void info(String message) { log.info(mask(message)); }
            @Override public void warn(String message) { log.warn(mask(message)); }
            @Override public void error(String message) { log.error(mask(message)); }
        };
    }
}
