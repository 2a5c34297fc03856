package org.arvados.maven.prune;

import com.fasterxml.jackson.databind.JsonNode;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prunes an Azure image: the gallery image version the build published (if any), then the managed image, each
 * with one Resource Manager DELETE (waiting for it when Azure answers 202), signed in as the image goal's service
 * principal (client credentials).
 */
public final class AzureImageDeleter implements ImageDeleter {
    static final String IMAGES_API = "2024-07-01";
    static final String GALLERIES_API = "2023-07-03";
    private static final int MAX_POLLS = 360;

    /** Where a cloud environment signs in and manages resources. */
    public record Endpoints(URI login, URI management) {
        public static Endpoints of(String cloudEnvironment) {
            return switch (cloudEnvironment) {
                case "China" -> new Endpoints(URI.create("https://login.chinacloudapi.cn/"),
                        URI.create("https://management.chinacloudapi.cn/"));
                case "USGovernment" -> new Endpoints(URI.create("https://login.microsoftonline.us/"),
                        URI.create("https://management.usgovcloudapi.net/"));
                case "Germany" -> new Endpoints(URI.create("https://login.microsoftonline.de/"),
                        URI.create("https://management.microsoftazure.de/"));
                default -> new Endpoints(URI.create("https://login.microsoftonline.com/"),
                        URI.create("https://management.azure.com/"));
            };
        }
    }

    private record Resource(String name, String apiVersion) {
    }

    private final Supplier<Map<String, String>> credentials;
    private final String resourceGroup;
    private final Endpoints endpoints;
    private final BuildLog log;
    private final RestClient rest = new RestClient();
    private String subscription;
    private String token;

    /**
     * @param credentials   the azure-image goal's ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_SUBSCRIPTION_ID and
     *                      ARM_TENANT_ID; read at the first call
     * @param resourceGroup {@code <azure><resourceGroup>}: where the build put the managed images
     */
    public AzureImageDeleter(Supplier<Map<String, String>> credentials, String resourceGroup, Endpoints endpoints,
                             BuildLog log) {
        this.credentials = credentials;
        this.resourceGroup = resourceGroup;
        this.endpoints = endpoints;
        this.log = log;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        return resources(image).stream().map(Resource::name).filter(name -> !image.deleted().contains(name)).toList();
    }

    @Override
    public List<Left> delete(ImageRecord image, Progress progress) throws java.io.IOException {
        List<Left> left = new ArrayList<>();
        for (Resource resource : resources(image)) {
            if (image.deleted().contains(resource.name())) {
                continue;
            }
            if (!progress.mayDelete(resource.name())) {
                left.add(new Left(resource.name(), "a kept image or config.yml names it"));
                continue;
            }
            String call = "DELETE " + resource.name();
            Optional<RestClient.Reply> reply = rest.send(call, authorized(resource.name() + "?api-version="
                    + resource.apiVersion()).DELETE().build());
            if (reply.isEmpty()) {
                log.info(resource.name() + " is gone already.");
                continue;
            }
            if (reply.get().status() == 202) {
                await(call, reply.get());
            }
            progress.deleted(resource.name());
        }
        return left;
    }

    /** The gallery version first: it was made from the managed image. */
    private List<Resource> resources(ImageRecord image) {
        List<Resource> resources = new ArrayList<>();
        ImageRecord.Gallery gallery = image.gallery();
        if (gallery != null) {
            resources.add(new Resource("resourceGroups/" + gallery.resourceGroup() + "/providers/Microsoft.Compute"
                    + "/galleries/" + gallery.name() + "/images/" + gallery.imageDefinition() + "/versions/"
                    + gallery.imageVersion(), GALLERIES_API));
        }
        if (resourceGroup == null) {
            throw new InvalidInputException("<azure><resourceGroup> (arvados.azure.resourceGroup) is not set: prune-images"
                    + " needs the resource group the managed image " + image.imageId() + " was built into.");
        }
        resources.add(new Resource("resourceGroups/" + resourceGroup + "/providers/Microsoft.Compute/images/"
                + image.imageId(), IMAGES_API));
        return resources;
    }

    /** Polls Azure-AsyncOperation (or Location) until the deletion has finished. */
    private void await(String call, RestClient.Reply accepted) {
        Optional<String> operation = accepted.headers().firstValue("Azure-AsyncOperation");
        Optional<String> location = accepted.headers().firstValue("Location");
        if (operation.isEmpty() && location.isEmpty()) {
            return;
        }
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            URI uri = URI.create(operation.orElseGet(location::get));
            RestClient.Reply reply = rest.send(call + " (its operation)", bearer(RestClient.request(uri)).GET().build())
                    .orElse(null);
            if (reply == null) {
                return;
            }
            if (operation.isPresent()) {
                String status = reply.body().path("status").asText();
                if (status.equals("Succeeded")) {
                    return;
                }
                if (status.equals("Failed") || status.equals("Canceled")) {
                    JsonNode error = reply.body().path("error");
                    throw new CloudCallException(call, "the operation " + status.toLowerCase(java.util.Locale.ROOT) + ", "
                            + error.path("code").asText() + ": " + error.path("message").asText());
                }
            } else if (reply.status() != 202) {
                return;
            }
            RestClient.pause(accepted.headers().firstValueAsLong("Retry-After").orElse(5));
        }
        throw new CloudCallException(call, "Azure had not finished after " + MAX_POLLS + " polls");
    }

    private HttpRequest.Builder authorized(String resourcePath) {
        signIn();
        return bearer(RestClient.request(endpoints.management().resolve("subscriptions/" + subscription + "/"
                + resourcePath)));
    }

    private HttpRequest.Builder bearer(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token);
    }

    /** The client credentials grant: a token for Resource Manager. */
    private void signIn() {
        if (token != null) {
            return;
        }
        Map<String, String> arm = credentials.get();
        subscription = arm.get("ARM_SUBSCRIPTION_ID");
        String form = "grant_type=client_credentials&client_id=" + encode(arm.get("ARM_CLIENT_ID"))
                + "&client_secret=" + encode(arm.get("ARM_CLIENT_SECRET"))
                + "&scope=" + encode(endpoints.management() + ".default");
        URI tokenUri = endpoints.login().resolve(arm.get("ARM_TENANT_ID") + "/oauth2/v2.0/token");
        String call = "signing in to " + tokenUri.getHost() + " as client " + arm.get("ARM_CLIENT_ID");
        token = rest.send(call, RestClient.request(tokenUri).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build())
                .map(reply -> reply.body().path("access_token").asText(null))
                .orElseThrow(() -> new CloudCallException(call, "no access token in the answer (is ARM_TENANT_ID right?)"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // The JDK's client holds no resources to release before Java 21.
    }
}
