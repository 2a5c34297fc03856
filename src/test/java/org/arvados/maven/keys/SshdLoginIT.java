package org.arvados.maven.keys;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real login with the generated key: OpenSSH's sshd on 127.0.0.1 (own config, host key and authorized_keys
 * in a temporary folder, running as the current user) lets the key in, and refuses another key.
 */
class SshdLoginIT {
    /** Where sshd insists on its privilege separation folder when it runs as root (systemd normally makes it). */
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final long LISTEN_TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    private Path sshd;
    private Path ssh;
    private Process server;
    private boolean madePrivsepDir;
    private int port;

    @BeforeEach
    void startSshd() throws Exception {
        sshd = Tools.require("sshd");
        ssh = Tools.require("ssh");
        Path sshKeygen = Tools.require("ssh-keygen");
        Processes.ok(List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()));
        if (isRoot() && !Files.isDirectory(PRIVSEP_DIR)) {
            Files.createDirectories(PRIVSEP_DIR);
            madePrivsepDir = true;
        }
        port = freePort();
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "LogLevel VERBOSE", ""));
    }

    @AfterEach
    void stopSshd() throws Exception {
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (madePrivsepDir) {
            try (var entries = Files.list(PRIVSEP_DIR)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(PRIVSEP_DIR);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ed25519"})
    void generatedKeyLogsInAndAnotherKeyDoesNot(String type) throws Exception {
        DispatcherKeys keys = new DispatcherKeys();
        KeyPairResult dispatcher = keys.ensure(KeySpec.of(dir.resolve("id_dispatcher"), type, 3072, null, "zzzzz"),
                silent());
        KeyPairResult stranger = keys.ensure(KeySpec.of(dir.resolve("id_other"), type, 3072, null, null), silent());
        Files.copy(dispatcher.publicKeyFile(), dir.resolve("authorized_keys"));
        launchSshd();

        Processes.Result accepted = login(dispatcher.privateKeyFile());
        Processes.Result refused = login(stranger.privateKeyFile());

        assertThat(accepted.exitCode()).as("ssh with the dispatcher key: %s%nsshd: %s", accepted.output(), sshdLog())
                .isZero();
        assertThat(refused.exitCode()).as("ssh with another key: %s", refused.output()).isEqualTo(255);
        assertThat(refused.output()).contains("Permission denied");
        assertThat(sshdLog()).contains("Accepted publickey for " + user()).contains(dispatcher.fingerprint());
    }

    private static org.arvados.maven.common.BuildLog silent() {
        return org.arvados.maven.common.BuildLog.SILENT;
    }

    private void launchSshd() throws Exception {
        server = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + LISTEN_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("sshd exited " + server.exitValue() + ": " + sshdLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("sshd did not listen on port " + port + " within " + LISTEN_TIMEOUT_MS + " ms: "
                + sshdLog());
    }

    private Processes.Result login(Path key) throws Exception {
        return Processes.run(List.of(ssh.toString(), "-F", "/dev/null", "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10",
                "-p", Integer.toString(port), user() + "@127.0.0.1", "true"));
    }

    private String sshdLog() throws IOException {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private static boolean isRoot() {
        return "root".equals(user());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
