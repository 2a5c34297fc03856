package org.arvados.maven.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto, an EC2 (and STS) emulator written by others, as a server on loopback: what the prune tests reach through
 * {@code <aws><endpoint>}. Skips (or fails under the CI flag) where {@code python3 -m moto.server} cannot run.
 */
public final class Moto implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI endpoint;

    private Moto(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static Moto start() throws IOException, InterruptedException {
        if (Tools.find("python3").isEmpty() || new ProcessBuilder("python3", "-c", "import moto.server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
            Tools.skipOrFail("moto (python3 -m moto.server) is not installed");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path output = Files.createTempFile("moto-", ".log");
        Process process = new ProcessBuilder(List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
                String.valueOf(port))).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Moto moto = new Moto(process, URI.create("http://127.0.0.1:" + port + "/"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                moto.reset();
                return moto;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    moto.close();
                    throw new IOException("moto did not start on port " + port + ": " + Files.readString(output), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The endpoint every service and region answers at. */
    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource made so far (moto's default public AMIs come back). */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<Void> reply = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (reply.statusCode() != 200) {
            throw new IOException("moto's reset answered " + reply.statusCode());
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
