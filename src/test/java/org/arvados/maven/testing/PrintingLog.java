package org.arvados.maven.testing;

import org.arvados.maven.common.BuildLog;

/** A BuildLog that prints "LEVEL message" lines to stdout at once, for a JVM a test watches from outside. */
public final class PrintingLog implements BuildLog {
    @Override public void debug(String message) { print("DEBUG", message); }
    @Override public void info(String message) { print("INFO", message); }
    @Override public void warn(String message) { print("WARN", message); }
    @Override public void error(String message) { print("ERROR", message); }

    private static synchronized void print(String level, String message) {
        System.out.println(level + " " + message);
        System.out.flush();
    }
}
