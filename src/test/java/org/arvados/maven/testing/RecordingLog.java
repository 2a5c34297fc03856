package org.arvados.maven.testing;

import org.arvados.maven.common.BuildLog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The tests' BuildLog: keeps every line (level and text), and can run a probe on each line as it arrives. */
public final class RecordingLog implements BuildLog {
    public record Entry(String level, String message) {
        @Override
        public String toString() {
            return level + " " + message;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile Consumer<Entry> probe = entry -> { };

    public void onEntry(Consumer<Entry> newProbe) {
        this.probe = newProbe;
    }

    @Override public void debug(String message) { add("DEBUG", message); }
    @Override public void info(String message) { add("INFO", message); }
    @Override public void warn(String message) { add("WARN", message); }
    @Override public void error(String message) { add("ERROR", message); }

    private void add(String level, String message) {
        Entry entry = new Entry(level, message);
        synchronized (entries) {
            entries.add(entry);
            entries.notifyAll();
        }
        probe.accept(entry);
    }

    /** Waits (at most {@code seconds}, a safety net, not a timing check) for a line containing {@code part}. */
    public boolean awaitMessage(String part, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        synchronized (entries) {
            while (entries.stream().noneMatch(entry -> entry.message().contains(part))) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                entries.wait(left);
            }
            return true;
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public List<String> messages() {
        return entries().stream().map(Entry::message).toList();
    }

    /** The messages logged at {@code level} (DEBUG, INFO, WARN, ERROR). */
    public List<String> messages(String level) {
        return entries().stream().filter(entry -> entry.level().equals(level)).map(Entry::message).toList();
    }

    /** Each line as "LEVEL message". */
    public List<String> lines() {
        return entries().stream().map(Entry::toString).toList();
    }

    public String all() {
        return String.join("\n", lines());
    }
}
