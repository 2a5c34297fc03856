package org.arvados.maven.image;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A booted worker: the VM, the dispatcher's SSH session to it, and its seed. Ends qemu when closed. */
record BootedWorker(String name, QemuVm vm, WorkerSsh ssh, NoCloudSeed seed) implements AutoCloseable {
    interface Checks {
        void run() throws Exception;
    }

    Dispatcher dispatcher() {
        return new Dispatcher(ssh, vm.startedAt());
    }

    WorkerSsh.Result run(String command) throws Exception {
        return ssh.run(command);
    }

    /** Runs a command that must succeed; returns its stdout. */
    String ok(String command) throws Exception {
        WorkerSsh.Result result = ssh.run(command);
        if (!result.succeeded()) {
            throw new AssertionError("on the worker, `" + command + "`: " + result);
        }
        return result.stdout();
    }

    /** A systemd property of a unit, e.g. ActiveEnterTimestampMonotonic. */
    String unitProperty(String unit, String property) throws Exception {
        return ok("systemctl show -p " + property + " --value " + unit).strip();
    }

    void powerOff(Duration limit) throws Exception {
        ssh.run("sudo systemctl poweroff");
        assertThat(vm.awaitPowerOff(limit)).as("the worker powered off within " + limit).isTrue();
    }

    /** Runs the checks; a failure carries the console's tail and the guest's failed units and warnings. */
    void check(Checks checks) throws Exception {
        try {
            checks.run();
        } catch (Exception | AssertionError failure) {
            throw new AssertionError(name + ": " + failure.getMessage() + "\n" + diagnostics(), failure);
        }
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder("--- serial console (last 40 lines):\n").append(vm.consoleTail(40));
        if (vm.isRunning()) {
            for (String command : List.of("systemctl --failed --no-pager", "sudo journalctl -b -p warning --no-pager")) {
                try {
                    WorkerSsh.Result result = ssh.run(command);
                    List<String> lines = (result.stdout() + result.stderr()).lines().toList();
                    text.append("\n--- ").append(command).append(":\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
                } catch (Exception e) {
                    text.append("\n--- ").append(command).append(": ").append(e);
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        vm.close();
    }
}
