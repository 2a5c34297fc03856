package org.arvados.maven.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Commands on a worker over SSH as the dispatcher runs them: as one user, with one private key, host key not
 * checked (the dispatcher checks the instance secret instead). OpenSSH's client, in batch mode.
 */
final class WorkerSsh {
    /** A safety net for a hung session, not a speed check. */
    private static final long COMMAND_LIMIT_SECONDS = 300;

    record Result(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout [" + stdout.strip() + "], stderr [" + stderr.strip() + "]";
        }
    }

    private final Path privateKey;
    private final String user;
    private final int port;

    WorkerSsh(Path privateKey, String user, int port) {
        this.privateKey = privateKey;
        this.user = user;
        this.port = port;
    }

    String user() {
        return user;
    }

    Result run(String command) throws IOException, InterruptedException {
        return run(command, new byte[0]);
    }

    /** Runs {@code command} (a shell line, as the dispatcher sends it) with {@code stdin} as its input. */
    Result run(String command, byte[] stdin) throws IOException, InterruptedException {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-T", "-i", privateKey.toString(), "-p", String.valueOf(port),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                user + "@127.0.0.1", command));
        Process process = new ProcessBuilder(ssh).start();
        CompletableFuture<byte[]> stdout = read(process.getInputStream());
        CompletableFuture<byte[]> stderr = read(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException closedEarly) {
            // The session ended before reading its input; its exit code tells.
        }
        if (!process.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Result(process.exitValue(), utf8(stdout.join()), utf8(stderr.join()));
    }

    private static CompletableFuture<byte[]> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
