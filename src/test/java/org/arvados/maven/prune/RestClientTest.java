package org.arvados.maven.prune;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Azure and GCP deleters' REST calls against endpoints no cloud is: one that answers without end, one that drips. */
class RestClientTest {
    @Test
    void anEndlessAnswerEndsInAnErrorNamingTheCallAndTheBound() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = " ".repeat(1 << 16).getBytes();
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('[');
                for (long sent = 0; sent < 1L << 40; sent += chunk.length) {
                    body.write(chunk);
                }
            } catch (IOException clientGaveUp) {
                // what the bounded client does
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/images/x");
            RestClient rest = new RestClient(new RunDeadline(Duration.ofMinutes(1)));
            assertThatThrownBy(() -> rest.send("images.delete x", RestClient.request(uri).GET().build()))
                    .isInstanceOf(CloudCallException.class)
                    .hasMessageContaining("images.delete x")
                    .hasMessageContaining("the answer is larger than 16 MiB");
        } finally {
            server.stop(0);
        }
    }

    /** The JDK's request timeout ends at the answer's headers; a body sent a byte at a time must end too. */
    @Test
    @Timeout(60)
    void anAnswerThatDripsEndsAtTheRunsDeadline() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int sent = 0; sent < 600; sent++) {
                    body.write(' ');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // what the bounded client does
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/operations/op-1");
            assertThatThrownBy(() -> new RestClient(new RunDeadline(Duration.ofSeconds(1))).send("GET op-1", RestClient.request(uri)
                    .GET().build()))
                    .isInstanceOf(CloudCallException.class)
                    .hasMessage("GET op-1 failed: no whole answer from 127.0.0.1 within the run's deadline (1s); the"
                            + " ledger records what was deleted");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noCallStartsAfterTheRunsDeadline() throws IOException {
        try (RestStandIn cloud = new RestStandIn()) {
            cloud.answer("DELETE /images/x", 200, "{}");
            RestClient rest = new RestClient(new RunDeadline(Duration.ZERO));
            assertThatThrownBy(() -> rest.send("images.delete x", RestClient.request(cloud.uri().resolve("images/x"))
                    .DELETE().build()))
                    .isInstanceOf(CloudCallException.class)
                    .hasMessage("images.delete x failed: the run's deadline (0ms) has passed; the ledger records what"
                            + " was deleted");
            assertThat(cloud.requests()).isEmpty();
        }
    }
}
