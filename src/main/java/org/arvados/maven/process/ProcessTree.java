package org.arvados.maven.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes under packer. packer runs itself under a supervising parent, and its plugins and
 * provisioner shells under that: killing the parent alone would leave the real build running,
 * orphaned. So every descendant ever seen is remembered, and a hard kill takes them all.
 */
public final class ProcessTree {
    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    public ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Records the current descendants (they become unreachable from the root once it exits). */
    public void remember() {
        root.descendants().forEach(seen::add);
    }

    /** Kills (SIGKILL) every remembered descendant first, then the root. Returns how many were alive. */
    public int killAll() {
        remember();
        int killed = killLeftovers();
        if (root.isAlive()) {
            root.destroyForcibly();
            killed++;
        }
        return killed;
    }

    /** Kills remembered descendants still alive (e.g. a provisioner's sleep orphaned by packer's exit). */
    public int killLeftovers() {
        List<ProcessHandle> alive = seen.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        alive.forEach(ProcessTree::awaitExit);
        return alive.size();
    }

    /** A killed process is gone once reaped; wait a little for that so callers see it dead. */
    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still a zombie or unreachable: nothing more a JVM can do.
        }
    }
}
