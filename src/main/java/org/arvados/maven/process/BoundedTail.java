package org.arvados.maven.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines added, at most {@code capacity} of them and {@code totalBytes} of UTF-8 together (a newline
 * after each counted), each cut to {@code lineBytes}; older ones are dropped. Lines are masked before they come here, so a cut shows no head of a
 * secret. Thread-safe (stdout and stderr add).
 */
public final class BoundedTail {
    /** Ends a line cut to its byte bound. */
    static final String CUT = " [...]";

    private final int capacity;
    private final int lineBytes;
    private final int totalBytes;
    private final ArrayDeque<String> lines;
    private int bytes;

    public BoundedTail(int capacity) {
        this(capacity, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
    }

    public BoundedTail(int capacity, int lineBytes, int totalBytes) {
        this.capacity = capacity;
        this.lineBytes = Math.min(lineBytes, totalBytes - 1);
        this.totalBytes = totalBytes;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        String kept = cut(line, lineBytes);
        lines.addLast(kept);
        bytes += utf8Length(kept) + 1;
        while (lines.size() > capacity || bytes > totalBytes) {
            bytes -= utf8Length(lines.removeFirst()) + 1;
        }
    }

    public synchronized List<String> list() {
        return List.copyOf(lines);
    }

    /** {@code line}, or its start and {@link #CUT} within {@code max} bytes; never half a character. */
    static String cut(String line, int max) {
        if (utf8Length(line) <= max) {
            return line;
        }
        int room = max - CUT.length();
        int end = 0;
        int used = 0;
        while (end < line.length()) {
            int rune = line.codePointAt(end);
            int size = rune < 0x80 ? 1 : rune < 0x800 ? 2 : rune < 0x10000 ? 3 : 4;
            if (used + size > room) {
                break;
            }
            used += size;
            end += Character.charCount(rune);
        }
        return line.substring(0, end) + CUT;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
