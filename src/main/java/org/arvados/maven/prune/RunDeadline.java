package org.arvados.maven.prune;

import org.arvados.maven.common.Durations;

import java.time.Duration;

/**
 * The deadline of one prune-images run ({@code <timeout>}), from when it was made: every cloud's calls and waits
 * together end by it, and no call starts after it.
 */
public final class RunDeadline {
    private final Duration timeout;
    private final long deadlineNanos;

    public RunDeadline(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = Durations.deadlineNanos(timeout);
    }

    /** What is left of the run, at most {@code cap}; none left fails {@code call} before it starts. */
    public Duration remaining(String call, Duration cap) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new CloudCallException(call, "the run's deadline (" + describe() + ") has passed;"
                    + " the ledger records what was deleted");
        }
        return left < cap.toNanos() ? Duration.ofNanos(left) : cap;
    }

    /** Whether {@code wait} ends before the deadline. */
    boolean allows(Duration wait) {
        return deadlineNanos - System.nanoTime() > wait.toNanos();
    }

    /** The run's timeout, as the POM writes it (1h, 30m). */
    String describe() {
        return Durations.describe(timeout);
    }
}
