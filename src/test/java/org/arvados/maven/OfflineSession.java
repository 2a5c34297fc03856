package org.arvados.maven;

import org.apache.maven.execution.MavenSession;
import org.mockito.Mockito;

import java.util.Properties;

/** A Maven session run with -o, and no properties on its command line. */
final class OfflineSession {
    private OfflineSession() {
    }

    static MavenSession mock() {
        MavenSession session = Mockito.mock(MavenSession.class);
        Mockito.when(session.isOffline()).thenReturn(true);
        Mockito.when(session.getUserProperties()).thenReturn(new Properties());
        return session;
    }
}
