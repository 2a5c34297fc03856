package org.arvados.maven.cloudtest;

import org.arvados.maven.common.BuildLog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A stand-in for Maven's JVM in {@link CloudtestShutdownIT}: runs cloudtest with the slow stand-in and prints its
 * log; the test sends this JVM SIGTERM mid-run. Args: arvados-server, config.yml, ledger.
 */
public final class CloudtestShutdownMain {
    public static void main(String[] args) throws Exception {
        CloudtestRequest request = new CloudtestRequest(Path.of(args[1]), null, null, null, null, false, args[0],
                Duration.ofMinutes(5), Duration.ofMinutes(1), false, Path.of(args[2]));
        new CloudtestRun(printing(), Clock.systemUTC()).run(request);
    }

    private static BuildLog printing() {
        return new BuildLog() {
            @Override public void debug(String message) { print("DEBUG", message); }
            @Override public void info(String message) { print("INFO", message); }
            @Override public void warn(String message) { print("WARN", message); }
            @Override public void error(String message) { print("ERROR", message); }
        };
    }

    private static synchronized void print(String level, String message) {
        System.out.println(level + " " + message);
        System.out.flush();
    }
}
