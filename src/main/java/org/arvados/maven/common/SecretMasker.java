package org.arvados.maven.common;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces every known secret value in a text with {@code ****}. Packer prints variable values
 * unmasked in machine-readable mode before 1.15.1, so every line that reaches a log, an exception or
 * packer.log passes through here first.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /**
     * Ends a text whose rest was dropped (a child's overlong line): a secret may begin just before it, so its head
     * there is masked too.
     */
    public static final String CUT = " [cut: the rest of this line was dropped]";
    /**
     * Values shorter than this are masked only where they stand alone (no letter or digit either side), as a
     * program prints a value: masked inside words they would garble every line, and leak nothing there.
     */
    private static final int WORD_LENGTH = 4;

    /** Masked wherever they are. */
    private final List<String> secrets;
    /** The shorter ones, masked where they stand alone; null when there are none. */
    private final Pattern shortSecrets;
    /** All of them, to mask the head of one before a {@link #CUT}. */
    private final List<String> heads;

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
        kept.remove("");
        // Longest first, so a secret that contains another is masked whole.
        List<String> sorted = kept.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.secrets = sorted.stream().filter(value -> value.length() >= WORD_LENGTH).toList();
        List<String> words = sorted.stream().filter(value -> value.length() < WORD_LENGTH).toList();
        this.shortSecrets = words.isEmpty() ? null : Pattern.compile("(?<![\\p{L}\\p{N}])(?:"
                + words.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")(?![\\p{L}\\p{N}])");
        this.heads = sorted;
    }

    public static SecretMasker none() {
        return new SecretMasker(Set.of());
    }

    public String mask(String text) {
        if (text == null || heads.isEmpty()) {
            return text;
        }
        boolean cut = text.endsWith(CUT);
        String masked = cut ? text.substring(0, text.length() - CUT.length()) : text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        if (shortSecrets != null) {
            masked = shortSecrets.matcher(masked).replaceAll(Matcher.quoteReplacement(MASK));
        }
        return cut ? maskHead(masked) + CUT : masked;
    }

    /** Masks the longest end of {@code text} that begins a secret: the rest of the secret was cut off. */
    private String maskHead(String text) {
        int longest = 0;
        for (String secret : heads) {
            for (int length = Math.min(secret.length() - 1, text.length()); length > longest; length--) {
                if (text.regionMatches(text.length() - length, secret, 0, length)) {
                    longest = length;
                }
            }
        }
        return longest == 0 ? text : text.substring(0, text.length() - longest) + MASK;
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
