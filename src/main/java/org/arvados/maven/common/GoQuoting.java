package org.arvados.maven.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How Go programs (arvados-server, packer) print a string, without the surrounding quotes: logrus' text formatter
 * quotes a field value with {@code %q} as soon as it has a character outside letters, digits and {@code -._/@^+};
 * encoding/json (logrus' JSON formatter, json.Marshal) escapes differently. A message that quotes a value is often
 * quoted again as a field, so every pair of them is a form too.
 */
public final class GoQuoting {
    private static final List<UnaryOperator<String>> ONE = List.of(
            value -> quote(value, false),
            value -> quote(value, true),
            value -> json(value, true, false),
            value -> json(value, false, false),
            value -> json(value, true, true));

    /** Each of Go's quotings of a value, and each quoting of one of those: for {@link SecretMasker}. */
    public static final List<UnaryOperator<String>> FORMS = forms();

    private GoQuoting() {
    }

    private static List<UnaryOperator<String>> forms() {
        List<UnaryOperator<String>> forms = new ArrayList<>(ONE);
        for (UnaryOperator<String> inner : ONE) {
            for (UnaryOperator<String> outer : ONE) {
                forms.add(value -> outer.apply(inner.apply(value)));
            }
        }
        return List.copyOf(forms);
    }

    /**
     * strconv.Quote ({@code %q}, {@code %#v}) or, {@code asciiOnly}, strconv.QuoteToASCII ({@code %+q}): printable
     * runes as they are, the C escapes, {@code \xNN} below space and for DEL, {@code \\uNNNN} or {@code \UNNNNNNNN}.
     */
    static String quote(String value, boolean asciiOnly) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        value.codePoints().forEach(rune -> {
            switch (rune) {
                case '"', '\\' -> out.append('\\').appendCodePoint(rune);
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (printable(rune) && (!asciiOnly || rune < 0x80)) {
                        out.appendCodePoint(rune);
                    } else if (rune < ' ' || rune == 0x7f) {
                        out.append(String.format("\\x%02x", rune));
                    } else if (rune < 0x10000) {
                        out.append(String.format("\\u%04x", rune));
                    } else {
                        out.append(String.format("\\U%08x", rune));
                    }
                }
            }
        });
        return out.toString();
    }

    /** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(int rune) {
        if (rune < 0x80) {
            return rune >= ' ' && rune < 0x7f;
        }
        return switch (Character.getType(rune)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /**
     * encoding/json's string: {@code "} and {@code \} backslashed, \n \r \t, other control characters as
     * {@code \\u00XX} (\b and \f short from Go 1.22 on, {@code shortBf}), U+2028 and U+2029 escaped, and with
     * {@code escapeHtml} (the default of json.Marshal and of logrus) {@code <}, {@code >}, {@code &} as well.
     */
    static String json(String value, boolean escapeHtml, boolean shortBf) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append(shortBf ? "\\b" : "\\u0008");
                case '\f' -> out.append(shortBf ? "\\f" : "\\u000c");
                case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                case '<', '>', '&' -> out.append(escapeHtml ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                default -> out.append(c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
