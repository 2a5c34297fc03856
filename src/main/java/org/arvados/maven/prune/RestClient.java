package org.arvados.maven.prune;

import com.fasterxml.jackson.databind.JsonNode;
import org.arvados.maven.common.JsonMappers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The JDK's HTTP client for a cloud's JSON REST API (Azure Resource Manager, Compute Engine): one call, its JSON
 * answer, and errors that name the call and what the cloud said (its {@code error.code} and {@code error.message},
 * which hold no credentials).
 */
final class RestClient {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Far above any answer a deletion gets, far below what would exhaust Maven's heap (every cloud's calls). */
    static final long MAX_ANSWER_BYTES = 16L << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** A request to {@code uri} with the calls' timeout, for the caller to finish (method, headers). */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    }

    /** The answer of a 2xx reply (with its headers); empty for 404, the resource being gone. */
    Optional<Reply> send(String call, HttpRequest request) {
        HttpResponse<java.io.InputStream> response;
        String text;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                byte[] bytes = body.readNBytes((int) MAX_ANSWER_BYTES + 1);
                if (bytes.length > MAX_ANSWER_BYTES) {
                    throw new CloudCallException(call, "the answer is larger than " + (MAX_ANSWER_BYTES >> 20) + " MiB,"
                            + " far more than this call's answer can be; " + request.uri().getHost() + " is not the"
                            + " cloud's API or is broken");
                }
                text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // The JDK's ConnectException often has no message; its cause says why (no route, refused, no such host).
            Throwable why = e.getMessage() == null && e.getCause() != null ? e.getCause() : e;
            throw new CloudCallException(call, "no answer from " + request.uri().getHost() + " ("
                    + why.getClass().getSimpleName() + (why.getMessage() == null ? "" : ": " + why.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudCallException(call, "interrupted");
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body = parse(text);
        if (response.statusCode() / 100 != 2) {
            JsonNode error = body.path("error");
            String detail = error.isObject() ? error.path("code").asText() + ": " + error.path("message").asText()
                    : error.isTextual() ? error.asText() : "no error details";
            throw new CloudCallException(call, "HTTP " + response.statusCode() + ", " + detail);
        }
        return Optional.of(new Reply(response.statusCode(), body, response.headers()));
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? JsonMappers.JSON.createObjectNode() : JsonMappers.JSON.readTree(body);
        } catch (IOException e) {
            return JsonMappers.JSON.createObjectNode();
        }
    }

    record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    /**
     * Where a request to {@code uri} goes, {@code scheme://host:port} with the scheme's default port: a bearer token
     * goes only where the deleter was told to send it, whatever URL an answer names.
     */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** Waits {@code seconds} between polls of a long-running operation. */
    static void pause(long seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudCallException("waiting for the cloud's operation", "interrupted");
        }
    }
}
