package org.arvados.maven.process;

import org.arvados.maven.common.SecretMasker;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines as they arrive, cutting any line longer than {@link #MAX_LINE} characters (the rest of it
 * is dropped, and {@link SecretMasker#CUT} ends it, so masking knows a secret may begin there), so memory stays
 * bounded whatever a child prints.
 */
public final class LineReader implements Closeable {
    public static final int MAX_LINE = 256 * 1024;

    private final Reader in;
    private final char[] buffer = new char[16 * 1024];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private boolean cut;

    public LineReader(InputStream stream) {
        this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
    }

    /** The next line without its line end, or null at the end of the stream. */
    public String readLine() throws IOException {
        line.setLength(0);
        cut = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? finished() : null;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position);
            if (position < limit) {
                position++; // the '\n'
                return finished();
            }
        }
    }

    private String finished() {
        if (!cut) {
            return line.toString();
        }
        if (Character.isHighSurrogate(line.charAt(line.length() - 1))) {
            line.setLength(line.length() - 1); // half a character would print as '?'
        }
        return line.append(SecretMasker.CUT).toString();
    }

    /** True when a line can be read without waiting: the caller flushes its output when it is not. */
    public boolean ready() throws IOException {
        return position < limit || in.ready();
    }

    private void append(int start, int end) {
        int room = MAX_LINE - line.length();
        if (end - start > room) {
            cut = true;
        }
        if (room > 0) {
            line.append(buffer, start, Math.min(end - start, room));
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
