package org.arvados.maven.process;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} lines added; older ones are dropped. Thread-safe (stdout and stderr add). */
public final class BoundedTail {
    private final int capacity;
    private final ArrayDeque<String> lines;

    public BoundedTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> list() {
        return List.copyOf(lines);
    }
}
