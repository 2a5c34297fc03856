package org.arvados.maven;

import org.apache.maven.plugin.logging.Log;
import org.arvados.maven.common.BuildLog;

/** Maven's log, seen by the core packages only as a {@link BuildLog}. */
record MavenBuildLog(Log log) implements BuildLog {
    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void error(String message) {
        log.error(message);
    }
}
