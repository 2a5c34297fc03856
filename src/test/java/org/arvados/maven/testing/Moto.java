package org.arvados.maven.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A moto server (the AWS API emulator, EC2 and STS among others) on a free loopback port, started by the test
 * and stopped by {@link #close()}. Any access key works against it. A test skips where {@code import moto}
 * fails (fails under {@code -Darvados.it.requireTools=true}).
 */
public final class Moto implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private Moto(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto and waits until it answers HTTP; skips (or fails) when the moto module is not installed. */
    public static Moto start() throws IOException, InterruptedException {
        return start(freePort());
    }

    /** As {@link #start()}, on {@code port}: the invoker ITs' hook scripts start it where their properties say. */
    public static Moto start(int port) throws IOException, InterruptedException {
        requireModule();
        Path log = Files.createTempFile("moto-", ".log");
        Process process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
                String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Moto moto = new Moto(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        try {
            moto.awaitAnswer();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    /** Where the AWS SDK reaches moto: {@code http://127.0.0.1:PORT/}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource made so far (moto's default public AMIs come back). */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<Void> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve(
                "/moto-api/reset")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (reply.statusCode() != 200) {
            throw new IOException("moto's reset answered HTTP " + reply.statusCode());
        }
    }

    private static void requireModule() throws IOException, InterruptedException {
        if (Tools.find("python3").isEmpty()) {
            Tools.skipOrFail("python3 is not installed");
        }
        Process probe = new ProcessBuilder("python3", "-c", "import moto")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (probe.waitFor() != 0) {
            Tools.skipOrFail("the python3 module moto is not installed");
        }
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("moto exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("moto did not answer at " + endpoint + " within " + START_LIMIT + ":\n"
                + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover log in the temp directory harms nothing.
        }
    }
}
