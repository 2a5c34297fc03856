package org.arvados.maven;

import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import java.util.List;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The dry-run summary: one line when the session ends well, after every goal's part, and Maven's listener still told. */
class DryRunSummaryTest {
    private final ExecutionListener maven = Mockito.mock(ExecutionListener.class);
    private final Log log = Mockito.mock(Log.class);
    private final MavenExecutionRequest request = new DefaultMavenExecutionRequest();
    private final MavenExecutionResult result = new DefaultMavenExecutionResult();
    private final MavenSession session = Mockito.mock(MavenSession.class);
    private final ExecutionEvent sessionEnded = Mockito.mock(ExecutionEvent.class);

    @BeforeEach
    void setUp() {
        request.setExecutionListener(maven);
        request.setGoals(List.of("verify"));
        request.setActiveProfiles(List.of("azure"));
        when(session.getRequest()).thenReturn(request);
        when(session.getResult()).thenReturn(result);
        when(sessionEnded.getSession()).thenReturn(session);
        when(sessionEnded.getType()).thenReturn(ExecutionEvent.Type.SessionEnded);
    }

    @Test
    void theSessionsEndLogsEveryGoalsPartInOneLineAndMavensListenerHearsEveryEvent() {
        DryRunSummary.add(session, log, "azure-image rendered and validated the image's template and built nothing",
                "credentials: <azure><secretsFile> or <azure><serverId>");
        DryRunSummary.add(session, log, "update-config left config.yml as it was", null);

        request.getExecutionListener().mojoSucceeded(sessionEnded);
        verify(maven).mojoSucceeded(sessionEnded);
        verify(log, never()).info(anyString());
        request.getExecutionListener().sessionEnded(sessionEnded);
        verify(log).info("Dry run (arvados.dryRun=true): azure-image rendered and validated the image's template and"
                + " built nothing; update-config left config.yml as it was. For the real build: mvn -Pazure verify"
                + " -Darvados.dryRun=false, with credentials: <azure><secretsFile> or <azure><serverId>.");
        verify(maven).sessionEnded(sessionEnded);
    }

    @Test
    void aFailedBuildEndsWithoutTheSummary() {
        DryRunSummary.add(session, log, "cloudtest started no VM", null);
        result.addException(new IllegalStateException("a goal failed"));

        request.getExecutionListener().sessionEnded(sessionEnded);
        verify(log, never()).info(anyString());
        verify(maven).sessionEnded(sessionEnded);
    }

    @Test
    void withoutASessionNothingIsInstalled() {
        DryRunSummary.add(null, log, "cloudtest started no VM", null);
        verify(log, never()).info(anyString());
    }
}
