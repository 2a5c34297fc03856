package org.arvados.maven;

import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line at the end of a build whose goals ran as a dry run ({@code arvados.dryRun}): what each of them did
 * instead, and the command for the real build. Maven tells the build's listener when the session ends, before its
 * "BUILD SUCCESS"; this wraps that listener, installed by the first dry-run goal of the session, and hands every
 * event on to it.
 */
final class DryRunSummary implements InvocationHandler {
    private final ExecutionListener listener;
    private final Log log;
    /** In the order the goals ran; a goal of several modules once. */
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<String> needs = new LinkedHashSet<>();

    private DryRunSummary(ExecutionListener listener, Log log) {
        this.listener = listener;
        this.log = log;
    }

    /**
     * Adds what a goal did instead of its real work to the session's summary, and what a real build needs
     * ({@code null}: nothing more than {@code -Darvados.dryRun=false}). Without a session (a unit test's mojo), none.
     */
    static void add(MavenSession session, Log log, String goalDid, String realBuildNeeds) {
        MavenExecutionRequest request = session == null ? null : session.getRequest();
        if (request == null) {
            return;
        }
        DryRunSummary summary;
        synchronized (request) {
            ExecutionListener current = request.getExecutionListener();
            if (current != null && Proxy.isProxyClass(current.getClass())
                    && Proxy.getInvocationHandler(current) instanceof DryRunSummary installed) {
                summary = installed;
            } else {
                summary = new DryRunSummary(current, log);
                request.setExecutionListener((ExecutionListener) Proxy.newProxyInstance(
                        DryRunSummary.class.getClassLoader(), new Class<?>[] {ExecutionListener.class}, summary));
            }
        }
        synchronized (summary) {
            summary.done.add(goalDid);
            if (realBuildNeeds != null) {
                summary.needs.add(realBuildNeeds);
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == arguments[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "DryRunSummary of " + listener;
            };
        }
        if (method.getName().equals("sessionEnded")) {
            ExecutionEvent event = (ExecutionEvent) arguments[0];
            if (!event.getSession().getResult().hasExceptions()) {
                log.info(line(event.getSession().getRequest()));
            }
        }
        if (listener == null) {
            return null;
        }
        try {
            return method.invoke(listener, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The summary, e.g. {@code Dry run (arvados.dryRun=true): aws-image ...; cloudtest started no VM. For the real
     * build: mvn verify -Darvados.dryRun=false, with credentials: ...}.
     */
    synchronized String line(MavenExecutionRequest request) {
        List<String> command = new ArrayList<>(List.of("mvn"));
        if (!request.getActiveProfiles().isEmpty()) {
            command.add("-P" + String.join(",", request.getActiveProfiles()));
        }
        command.addAll(request.getGoals());
        command.add("-Darvados.dryRun=false");
        return "Dry run (arvados.dryRun=true): " + String.join("; ", done) + ". For the real build: "
                + String.join(" ", command) + (needs.isEmpty() ? "" : ", with " + String.join(" and ", needs)) + ".";
    }
}
