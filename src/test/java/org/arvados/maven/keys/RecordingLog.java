package org.arvados.maven.keys;

import org.arvados.maven.common.BuildLog;

import java.util.ArrayList;
import java.util.List;

/** A BuildLog that keeps every line, prefixed with its level, for assertions. */
final class RecordingLog implements BuildLog {
    final List<String> lines = new ArrayList<>();

    @Override public void debug(String message) { lines.add("DEBUG " + message); }
    @Override public void info(String message) { lines.add("INFO " + message); }
    @Override public void warn(String message) { lines.add("WARN " + message); }
    @Override public void error(String message) { lines.add("ERROR " + message); }

    String all() {
        return String.join("\n", lines);
    }
}
