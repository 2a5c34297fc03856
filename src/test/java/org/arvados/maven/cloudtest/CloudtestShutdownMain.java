package org.arvados.maven.cloudtest;

import org.arvados.maven.testing.PrintingLog;

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
        new CloudtestRun(new PrintingLog(), Clock.systemUTC()).run(request);
    }
}
