package org.arvados.maven.image;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The root's own OpenSSH sshd, run inside a {@link ChrootRoot} on a free 127.0.0.1 port so that a real SSH
 * client (packer's communicator) reaches the root as if it were a build VM. It lets in root with one key only
 * (no password, no PAM) and has its own host key and authorized keys file, so the root's sshd_config (which
 * the provisioning edits) only adds to it. {@link #close()} ends it and every session it started.
 */
final class ChrootSshd implements AutoCloseable {
    private static final String CONFIG_DIR = "/etc/ssh/test-sshd";
    /** A safety net for a hung start, not a speed check: sshd normally listens within a second. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private ChrootSshd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts sshd letting in root with the key whose public half is {@code clientPublicKey}; waits until it listens. */
    static ChrootSshd start(ChrootRoot root, Path clientPublicKey, Path log) throws IOException, InterruptedException {
        root.deleteRecursively(root.path(CONFIG_DIR));
        Files.createDirectories(root.path(CONFIG_DIR));
        // The privilege separation directory; a booted system makes it from a tmpfiles.d entry.
        Files.createDirectories(root.path("/run/sshd"));
        root.exec("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-sshd", "-f", CONFIG_DIR + "/host_key");
        Path authorizedKeys = root.path(CONFIG_DIR + "/authorized_keys");
        Files.copy(clientPublicKey, authorizedKeys);
        Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-------"));
        int port = freePort();
        Process process = root.start(List.of("/usr/sbin/sshd", "-D", "-e", "-p", String.valueOf(port),
                "-h", CONFIG_DIR + "/host_key",
                "-o", "ListenAddress=127.0.0.1",
                "-o", "PermitRootLogin=prohibit-password",
                "-o", "PasswordAuthentication=no",
                "-o", "UsePAM=no",
                "-o", "AuthorizedKeysFile=" + CONFIG_DIR + "/authorized_keys"), log);
        ChrootSshd sshd = new ChrootSshd(process, port);
        try {
            sshd.awaitListening(log);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            sshd.close();
            throw e;
        }
        return sshd;
    }

    int port() {
        return port;
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("sshd in the root exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("sshd in the root did not listen on 127.0.0.1:" + port + " within " + START_LIMIT
                + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Per-connection sshd children first: they would outlive the listener.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
