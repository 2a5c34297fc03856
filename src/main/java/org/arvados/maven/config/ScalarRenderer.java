package org.arvados.maven.config;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.regex.Pattern;

/**
 * Writes a string value as a YAML scalar in a given style, falling back to double quotes whenever the
 * style cannot carry the value exactly (so the value always reads back as the same string).
 */
final class ScalarRenderer {
    /** Conservative plain scalars: no indicator characters, no ": " or " #", nothing to escape. */
    private static final Pattern SAFE_PLAIN_BLOCK = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./@+=~:-]*");
    private static final Pattern SAFE_PLAIN_FLOW = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./@+=~-]*");
    private static final Resolver RESOLVER = new Resolver();

    private ScalarRenderer() {
    }

    /** A flow (one-line) scalar: plain when safe and the existing style was plain, else the existing quotes. */
    static String flow(String value, ScalarStyle existing, boolean inFlowCollection) {
        if (existing == ScalarStyle.SINGLE_QUOTED && singleQuotable(value)) {
            return "'" + value.replace("'", "''") + "'";
        }
        if (existing == ScalarStyle.DOUBLE_QUOTED || existing == ScalarStyle.SINGLE_QUOTED) {
            return doubleQuoted(value);
        }
        return safePlain(value, inFlowCollection) ? value : doubleQuoted(value);
    }

    static boolean safePlain(String value, boolean inFlowCollection) {
        Pattern pattern = inFlowCollection ? SAFE_PLAIN_FLOW : SAFE_PLAIN_BLOCK;
        return pattern.matcher(value).matches()
                && !value.endsWith(":")
                && RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
    }

    private static boolean singleQuotable(String value) {
        return value.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f);
    }

    static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /**
     * A block scalar header indicator and its content lines, or null when a block scalar cannot carry
     * the value exactly (leading spaces, several trailing newlines, control characters).
     */
    static BlockScalar block(String value, ScalarStyle existing) {
        boolean endsWithNewline = value.endsWith("\n");
        String body = endsWithNewline ? value.substring(0, value.length() - 1) : value;
        if (body.isEmpty() || body.endsWith("\n") || body.startsWith(" ") || body.startsWith("\n")
                || !body.codePoints().allMatch(c -> c == '\n' || (c >= 0x20 && c != 0x7f))) {
            return null;
        }
        // Folding would join lines; keep '>' only where there is nothing to fold.
        char indicator = existing == ScalarStyle.FOLDED && !body.contains("\n") ? '>' : '|';
        String chomping = endsWithNewline ? "" : "-";
        return new BlockScalar(indicator + chomping, body.split("\n", -1));
    }

    /** @param header e.g. {@code |-}; @param lines the content lines, without indentation or breaks */
    record BlockScalar(String header, String[] lines) {
    }
}
