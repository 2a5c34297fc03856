package org.arvados.maven.common;

/**
 * Where core code reports progress. The mojos adapt Maven's log to it, so no core package sees Maven;
 * tests pass a recording implementation.
 */
public interface BuildLog {
    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    /** A log that drops everything, for callers that do not care. */
    BuildLog SILENT = new BuildLog() {
        @Override public void debug(String message) { }
        @Override public void info(String message) { }
        @Override public void warn(String message) { }
        @Override public void error(String message) { }
    };
}
