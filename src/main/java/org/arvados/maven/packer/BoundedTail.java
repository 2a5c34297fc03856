package org.arvados.maven.packer;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} lines added; older ones are dropped. Thread-safe (stdout and stderr add). */
final class BoundedTail {
    private final int capacity;
    private final ArrayDeque<String> lines;

    BoundedTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized List<String> list() {
        return List.copyOf(lines);
    }
}
