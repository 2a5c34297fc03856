package org.arvados.maven.image;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What arvados-dispatch-cloud does to a new worker (Arvados 3.2, lib/dispatchcloud/worker), in its order, over
 * {@link WorkerSsh}: check the instance secret, run the boot probe until it passes, deploy the runner binary,
 * probe the runner. Polls every second (the dispatcher's own interval is longer), so measured times are close.
 */
final class Dispatcher {
    static final String SECRET_FILE = "/var/run/arvados-instance-secret";
    static final String BOOT_PROBE = "systemctl is-system-running";
    static final String RUNNER = "/tmp/arvados-crunch-run/crunch-run";
    /** The dispatcher's deploy command, byte for byte (after sudo); the binary arrives on stdin. */
    static final String DEPLOY = "sh -c 'set -e; dstdir=\"/tmp/arvados-crunch-run/\"; "
            + "dstfile=\"/tmp/arvados-crunch-run/crunch-run\"; mkdir -p \"$dstdir\"; touch \"$dstfile\"; "
            + "chmod 0755 \"$dstdir\" \"$dstfile\"; cat >\"$dstfile\"'";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final WorkerSsh ssh;
    private final Instant vmStartedAt;

    Dispatcher(WorkerSsh ssh, Instant vmStartedAt) {
        this.ssh = ssh;
        this.vmStartedAt = vmStartedAt;
    }

    /**
     * Step 2: logs in until {@code sudo cat} of the secret file prints {@code secret}; cloud-init writes it in its
     * final stage, after sshd is already up.
     */
    void awaitInstanceSecret(String secret, Duration limit) throws IOException, InterruptedException {
        WorkerSsh.Result last = poll(privileged("cat " + SECRET_FILE), limit,
                result -> result.succeeded() && result.stdout().equals(secret));
        if (!(last.succeeded() && last.stdout().equals(secret))) {
            throw new AssertionError("the instance secret never matched within " + limit + "; last: " + last);
        }
    }

    /** Step 3: the boot probe, not under sudo, until it exits 0; returns the time from VM start. */
    Duration awaitBootProbe(Duration limit) throws IOException, InterruptedException {
        WorkerSsh.Result last = poll(BOOT_PROBE, limit, WorkerSsh.Result::succeeded);
        if (!last.succeeded()) {
            throw new AssertionError("boot probe `" + BOOT_PROBE + "` did not pass within " + limit + "; last: " + last);
        }
        if (!last.stdout().strip().equals("running")) {
            throw new AssertionError("boot probe passed but printed " + last);
        }
        return Duration.between(vmStartedAt, Instant.now());
    }

    /** Step 4: md5sum of the runner (absent on a new worker), then the deploy command with the binary on stdin. */
    void deployRunner(byte[] binary) throws IOException, InterruptedException {
        WorkerSsh.Result md5 = ssh.run("md5sum " + RUNNER);
        if (md5.succeeded()) {
            throw new AssertionError("a new worker already has " + RUNNER + ": " + md5);
        }
        WorkerSsh.Result deploy = ssh.run(privileged(DEPLOY), binary);
        if (!deploy.succeeded()) {
            throw new AssertionError("runner deploy failed: " + deploy);
        }
    }

    /** Step 5: the runner probe the dispatcher sends before starting containers; returns its lines. */
    List<String> probeRunner() throws IOException, InterruptedException {
        WorkerSsh.Result list = ssh.run(privileged(RUNNER + " --list"));
        if (!list.succeeded()) {
            throw new AssertionError("runner probe failed: " + list);
        }
        return list.stdout().lines().toList();
    }

    /** As the dispatcher sends a command that needs root: through sudo, unless it logs in as root. */
    private String privileged(String command) {
        return ssh.user().equals("root") ? command : "sudo " + command;
    }

    private WorkerSsh.Result poll(String command, Duration limit, java.util.function.Predicate<WorkerSsh.Result> done)
            throws IOException, InterruptedException {
        Instant deadline = vmStartedAt.plus(limit);
        WorkerSsh.Result last;
        do {
            last = ssh.run(command);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(POLL.toMillis());
        } while (Instant.now().isBefore(deadline));
        return last;
    }
}
