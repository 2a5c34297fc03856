package org.arvados.maven.prune;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cloud's JSON REST API on 127.0.0.1 (Azure Resource Manager and its sign-in, Compute Engine and Google's token
 * endpoint): each {@code METHOD /path} answers as told, 404 otherwise; every request is kept.
 */
final class RestStandIn implements AutoCloseable {
    record Answer(int status, String body, Map<String, String> headers) {
    }

    /** One request as received. */
    record Request(String method, String path, String query, String authorization, String body) {
        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Long> delays = new LinkedHashMap<>();

    RestStandIn() throws IOException {
        this(0);
    }

    /** On {@code port} (0: any free one); the invoker ITs' hook scripts start one on a port their properties name. */
    RestStandIn(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized void answer(String methodAndPath, int status, String body, Map<String, String> headers) {
        answers.put(methodAndPath, new Answer(status, body, headers));
    }

    synchronized void answer(String methodAndPath, int status, String body) {
        answer(methodAndPath, status, body, Map.of());
    }

    /** Answers {@code methodAndPath} only after {@code millis}: a slow cloud. */
    synchronized void delay(String methodAndPath, long millis) {
        delays.put(methodAndPath, millis);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        Answer answer;
        long delay;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            answer = answers.getOrDefault(exchange.getRequestMethod() + " " + uri.getPath(),
                    new Answer(404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such resource\"}}", Map.of()));
            delay = delays.getOrDefault(exchange.getRequestMethod() + " " + uri.getPath(), 0L);
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /**
     * Google's sign-in: writes a service account key file of {@code project} whose token_uri is this stand-in's,
     * which answers a token, {@code ya29.stand-in}.
     *
     * @return the key file's private key (Base64), which no log line may show
     */
    String googleServiceAccount(Path file, String project) throws IOException {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        generator.initialize(2048);
        String privateKey = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        Files.writeString(file, "{\"type\":\"service_account\",\"project_id\":\"" + project + "\","
                + "\"private_key_id\":\"0123456789abcdef\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\n"
                + privateKey + "\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"packer@" + project
                + ".iam.gserviceaccount.com\",\"client_id\":\"100000000000000000001\",\"token_uri\":\"" + uri()
                + "token\"}");
        answer("POST /token", 200, "{\"access_token\":\"ya29.stand-in\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        return privateKey;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
