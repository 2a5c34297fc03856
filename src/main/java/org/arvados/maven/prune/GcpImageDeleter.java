package org.arvados.maven.prune;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Json;
import org.arvados.maven.ledger.ImageRecord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prunes a Compute Engine image: one {@code images.delete} of the Compute REST API, then {@code globalOperations.wait}
 * until it is done.
 */
public final class GcpImageDeleter implements ImageDeleter {
    public static final URI COMPUTE_API = URI.create("https://compute.googleapis.com/compute/v1/");
    private static final int MAX_WAITS = 10;
    /** A Compute Engine operation's name, e.g. {@code operation-1764590400000-5f0e1d2c3b4a5-6789abcd-ef012345}. */
    private static final java.util.regex.Pattern OPERATION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][-_A-Za-z0-9]{0,127}");

    private final String projectId;
    private final Supplier<CloudSdks.AccessTokens> credentials;
    private final URI api;
    private final BuildLog log;
    private final RestClient rest;
    private CloudSdks.AccessTokens signedIn;

    /**
     * @param projectId   {@code <gcp><projectId>}: the project holding the images
     * @param credentials read at the first call
     * @param api         the Compute API's base URL, {@link #COMPUTE_API}
     * @param deadline    the run's, which every call and wait ends by
     */
    public GcpImageDeleter(String projectId, Supplier<CloudSdks.AccessTokens> credentials, URI api,
                           RunDeadline deadline, BuildLog log) {
        this.projectId = projectId;
        this.credentials = credentials;
        this.api = api;
        this.rest = new RestClient(deadline);
        this.log = log;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        String name = resource(image);
        return image.deleted().contains(name) ? List.of() : List.of(name);
    }

    @Override
    public List<Left> delete(ImageRecord image, Progress progress) throws IOException {
        String name = resource(image);
        if (image.deleted().contains(name)) {
            return List.of();
        }
        if (!progress.mayDelete(name)) {
            return List.of(new Left(name, "a kept image or config.yml names it"));
        }
        String call = "images.delete " + name;
        Optional<RestClient.Reply> reply = rest.send(call, authorized(name).DELETE().build());
        if (reply.isEmpty()) {
            log.info(name + " is gone already.");
            return List.of();
        }
        RestClient.Reply operation = reply.get();
        for (int wait = 0; !operation.text("status").equals("DONE"); wait++) {
            if (wait == MAX_WAITS) {
                throw new CloudCallException(call, "the operation " + operation.text("name")
                        + " had not finished after " + MAX_WAITS + " waits");
            }
            String waitPath = "projects/" + projectId + "/global/operations/" + operationName(call, operation) + "/wait";
            operation = rest.send("globalOperations.wait of " + call, authorized(waitPath)
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).orElseThrow(
                    () -> new CloudCallException(call, "its operation is gone"));
        }
        if (Json.at(operation.body(), "error", "errors", 0) != null) {
            throw new CloudCallException(call, operation.text("error", "errors", 0, "code") + ": "
                    + operation.text("error", "errors", 0, "message"));
        }
        progress.deleted(name);
        return List.of();
    }

    /** The answer's operation name, which goes into a URL carrying the token: only a name, no path or query. */
    private static String operationName(String call, RestClient.Reply operation) {
        String name = operation.text("name");
        if (!OPERATION_NAME.matcher(name).matches()) {
            throw new CloudCallException(call, "its operation's name '" + name + "' is no Compute Engine operation"
                    + " name: not followed");
        }
        return name;
    }

    private String resource(ImageRecord image) {
        if (projectId == null) {
            throw new InvalidInputException("<gcp><projectId> (arvados.gcp.projectId) is not set: prune-images needs"
                    + " the project image " + image.imageId() + " was built in.");
        }
        return "projects/" + projectId + "/global/images/" + image.imageId();
    }

    private HttpRequest.Builder authorized(String path) {
        String token;
        try {
            if (signedIn == null) {
                signedIn = credentials.get();
            }
            token = signedIn.current();
        } catch (IOException e) {
            throw new CloudCallException("getting a Google access token", e.getMessage());
        }
        URI uri;
        try {
            uri = api.resolve(path);
        } catch (IllegalArgumentException e) {
            throw new CloudCallException("calling " + path, "that is no path of a URL");
        }
        // The token goes to the Compute API only.
        if (!RestClient.origin(uri).equals(RestClient.origin(api))) {
            throw new CloudCallException("calling " + uri, "that is not on " + RestClient.origin(api) + ": not sent");
        }
        return RestClient.request(uri).header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        // Nothing held: the JDK's client needs no closing before Java 21.
    }
}
