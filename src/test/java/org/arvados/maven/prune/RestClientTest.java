package org.arvados.maven.prune;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Azure and GCP deleters' REST calls against an endpoint no cloud is: one that answers without end. */
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
            assertThatThrownBy(() -> new RestClient().send("images.delete x", RestClient.request(uri).GET().build()))
                    .isInstanceOf(CloudCallException.class)
                    .hasMessageContaining("images.delete x")
                    .hasMessageContaining("the answer is larger than 16 MiB");
        } finally {
            server.stop(0);
        }
    }
}
