package org.arvados.maven.prune;

import org.arvados.maven.common.Durations;
import org.arvados.maven.common.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's HTTP client for a cloud's JSON REST API (Azure Resource Manager, Compute Engine): one call, its JSON
 * answer, and errors that name the call and what the cloud said (its {@code error.code} and {@code error.message},
 * which hold no credentials). Every call, its answer's body included, ends within two minutes and within the run's
 * deadline, and no answer is kept past {@link ImageDeleter#MAX_ANSWER_BYTES}.
 */
final class RestClient {
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    /** The longest wait between polls an answer's Retry-After gets; Azure asks for seconds, not hours. */
    static final Duration MAX_POLL_WAIT = Duration.ofMinutes(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final RunDeadline deadline;

    /** @param deadline the run's, which every call and wait of this client ends by */
    RestClient(RunDeadline deadline) {
        this.deadline = deadline;
    }

    /** A request to {@code uri}, for the caller to finish (method, headers). */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", "application/json");
    }

    /** The answer of a 2xx reply (with its headers); empty for 404, the resource being gone. */
    Optional<Reply> send(String call, HttpRequest request) {
        Duration limit = deadline.remaining(call, CALL_TIMEOUT);
        BoundedBody body = new BoundedBody();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> body);
        HttpResponse<byte[]> response;
        try {
            response = answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            body.cancel();
            throw new CloudCallException(call, "no whole answer from " + request.uri().getHost() + " within "
                    + (limit.equals(CALL_TIMEOUT) ? Durations.describe(CALL_TIMEOUT) : "the run's deadline ("
                    + deadline.describe() + ")") + "; the ledger records what was deleted");
        } catch (ExecutionException e) {
            throw failed(call, request.uri(), e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new CloudCallException(call, "interrupted");
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        Object json = parse(new String(response.body(), StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            Object error = Json.at(json, "error");
            String detail = error instanceof Map ? Json.text(error, "code") + ": " + Json.text(error, "message")
                    : error instanceof String text ? text : "no error details";
            throw new CloudCallException(call, "HTTP " + response.statusCode() + ", " + detail);
        }
        return Optional.of(new Reply(response.statusCode(), json, response.headers()));
    }

    private static CloudCallException failed(String call, URI uri, Throwable cause) {
        if (cause instanceof AnswerTooLarge) {
            return new CloudCallException(call, "the answer is larger than " + (ImageDeleter.MAX_ANSWER_BYTES >> 20)
                    + " MiB, far more than this call's answer can be; " + uri.getHost()
                    + " is not the cloud's API or is broken");
        }
        // The JDK's ConnectException often has no message; its cause says why (no route, refused, no such host).
        Throwable why = cause.getMessage() == null && cause.getCause() != null ? cause.getCause() : cause;
        return new CloudCallException(call, "no answer from " + uri.getHost() + " (" + why.getClass().getSimpleName()
                + (why.getMessage() == null ? "" : ": " + why.getMessage()) + ")");
    }

    /** The answer's JSON; an empty object for an answer that is none. */
    private static Object parse(String body) {
        try {
            Object json = body.isBlank() ? null : Json.readTree(body);
            return json == null ? Map.of() : json;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** An answer: {@code body} as {@link Json#readTree} reads it. */
    record Reply(int status, Object body, HttpHeaders headers) {
        String text(Object... path) {
            return Json.text(body, path);
        }
    }

    /**
     * Where a request to {@code uri} goes, {@code scheme://host:port} with the scheme's default port: a bearer token
     * goes only where the deleter was told to send it, whatever URL an answer names.
     */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /**
     * Waits as a long-running operation's answer asks ({@code Retry-After}: seconds or an HTTP date; {@code
     * otherwise} without one), at most {@link #MAX_POLL_WAIT}; a wait that would pass the run's deadline fails now.
     */
    void pauseBeforePolling(String call, Optional<String> retryAfter, Duration otherwise) {
        Duration wait = retryAfter.map(String::strip).map(RestClient::retryAfter).orElse(otherwise);
        wait = wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_POLL_WAIT) > 0 ? MAX_POLL_WAIT : wait;
        if (!deadline.allows(wait)) {
            throw new CloudCallException(call, "waiting " + Durations.describe(wait) + " for the operation, as its"
                    + " answer asks, would pass the run's deadline (" + deadline.describe() + "); the"
                    + " ledger records what was deleted");
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudCallException(call, "interrupted");
        }
    }

    private static Duration retryAfter(String value) {
        if (value.matches("[0-9]{1,18}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.matches("[0-9]+")) {
            return MAX_POLL_WAIT;
        }
        try {
            return Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return MAX_POLL_WAIT;
        }
    }

    /** Why an answer was cut. */
    private static final class AnswerTooLarge extends IOException {
        AnswerTooLarge() {
            super("answer too large");
        }
    }

    /** An answer's body in memory, cut with {@link AnswerTooLarge} past {@link ImageDeleter#MAX_ANSWER_BYTES}. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (bytes.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (received.size() + (long) buffer.remaining() > ImageDeleter.MAX_ANSWER_BYTES) {
                    cancel();
                    bytes.completeExceptionally(new AnswerTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                received.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            bytes.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            bytes.complete(received.toByteArray());
        }

        /** Stops the answer's delivery: the client closes its connection. */
        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
