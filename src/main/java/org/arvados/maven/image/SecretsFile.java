package org.arvados.maven.image;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a secrets file in the shape Arvados' docs show ({@code export AWS_ACCESS_KEY_ID=...}) without a
 * shell: nothing in it is ever run. Accepted, one per line: {@code [export] NAME=value} with the value
 * bare (no white space, quotes, $, backquote, backslash or shell operators; not starting with ~ or #), in
 * single quotes or in double quotes (with backslash escapes, no $ or backquote expansion), an optional
 * trailing {@code # comment} after white space; comment lines; blank lines. Anything else is an error naming the
 * file and line number only: the line may hold a secret, so it is never quoted.
 */
public final class SecretsFile {
    private static final Pattern LINE = Pattern.compile(
            "\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)="
                    + "(?<value>'[^']*'|\"(?:[^\"\\\\$`]|\\\\.)*\"|(?:[^\\s'\"\\\\$`;&|<>()#~][^\\s'\"\\\\$`;&|<>()]*)?)"
                    // As in a shell, # starts a comment only after white space: KEY=a#b is "a#b".
                    + "(?:\\s+#.*)?\\s*");

    private SecretsFile() {
    }

    /** Name -> value, in file order (a name given twice keeps its last value, as a shell would). */
    public static Map<String, String> parse(Path file) {
        List<String> lines = readLines(file);
        Map<String, String> values = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripLineEnd(lines.get(i), i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                values.put(matcher.group(1), unquote(matcher.group("value")));
            } else {
                problems.add("secrets file " + file + ":" + (i + 1) + ": not an `export NAME=value` line"
                        + " (put values with spaces or shell characters in single quotes; the line is not shown"
                        + " because it may hold a secret)");
            }
        }
        problems.throwIfAny();
        return Collections.unmodifiableMap(values);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException("secrets file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("secrets file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path given as the secretsFile setting");
        }
    }

    private static String stripLineEnd(String line, int index) {
        String stripped = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return index == 0 && stripped.startsWith("\uFEFF") ? stripped.substring(1) : stripped;
    }

    private static String unquote(String value) {
        if (value.startsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            String inner = value.substring(1, value.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\') {
                    char next = inner.charAt(++i);
                    // As in a shell: backslash escapes only these inside double quotes, else it stays.
                    if ("\"\\$`".indexOf(next) < 0) {
                        out.append('\\');
                    }
                    out.append(next);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return value;
    }
}
