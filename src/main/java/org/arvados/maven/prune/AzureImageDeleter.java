package org.arvados.maven.prune;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Setting;
import org.arvados.maven.ledger.ImageRecord;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prunes an Azure image: the gallery image version the build published (if any), then the managed image, each
 * with one Resource Manager DELETE (waiting for it when Azure answers 202), signed in as the image goal's service
 * principal (client credentials). Each is deleted in the resource group the ledger entry records (the gallery's,
 * and the managed image's in its artifactId, the resource ID packer printed), never the POM's of today.
 */
public final class AzureImageDeleter implements ImageDeleter {
    static final String IMAGES_API = "2024-07-01";
    static final String GALLERIES_API = "2023-07-03";
    private static final int MAX_POLLS = 360;
    /** Between polls of an operation whose answers name no Retry-After. */
    private static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(5);
    /** An Azure resource group's or resource's name; nothing that could change a URL's path, query or host. */
    private static final String NAME = "[-\\w.()]+";
    private static final Pattern MANAGED_IMAGE_ID = Pattern.compile("/subscriptions/(" + NAME + ")/resourceGroups/("
            + NAME + ")/providers/Microsoft\\.Compute/images/(" + NAME + ")", Pattern.CASE_INSENSITIVE);

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

    /** One resource to delete: its path below the subscription, its API version. */
    private record Resource(String name, String apiVersion) {
    }

    /** The managed image's resource ID, as the artifactId of the entry holds it. */
    private record ManagedImage(String subscription, String resourceGroup, String name) {
    }

    private final Supplier<Map<String, String>> credentials;
    private final Endpoints endpoints;
    private final BuildLog log;
    private final RestClient rest;
    private Map<String, String> arm;
    private String token;

    /**
     * @param credentials the azure-image goal's ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_SUBSCRIPTION_ID and
     *                    ARM_TENANT_ID; read at the first call
     * @param endpoints   where to sign in, and the only place the token goes
     * @param deadline    the run's, which every call and wait ends by
     */
    public AzureImageDeleter(Supplier<Map<String, String>> credentials, Endpoints endpoints, RunDeadline deadline,
                             BuildLog log) {
        this.credentials = credentials;
        this.endpoints = endpoints;
        this.rest = new RestClient(deadline);
        this.log = log;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        return resources(image).stream().map(Resource::name).filter(name -> !image.deleted().contains(name)).toList();
    }

    @Override
    public List<Left> delete(ImageRecord image, Progress progress) throws java.io.IOException {
        List<Resource> resources = resources(image);
        String subscription = arm().get("ARM_SUBSCRIPTION_ID");
        String builtIn = managedImage(image).subscription();
        if (!builtIn.equalsIgnoreCase(subscription)) {
            throw new InvalidInputException(ImageDeleter.entry(image) + " is of subscription " + builtIn + " (its"
                    + " artifactId), not of ARM_SUBSCRIPTION_ID " + subscription + " (" + Setting.element("azure",
                    "subscriptionId") + " or the secrets file): prune it with that subscription's credentials.");
        }
        List<Left> left = new ArrayList<>();
        for (Resource resource : resources) {
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
    private static List<Resource> resources(ImageRecord image) {
        List<Resource> resources = new ArrayList<>();
        ImageRecord.Gallery gallery = image.gallery();
        if (gallery != null) {
            resources.add(new Resource("resourceGroups/" + galleryField(image, "resourceGroup", gallery.resourceGroup())
                    + "/providers/Microsoft.Compute/galleries/" + galleryField(image, "name", gallery.name())
                    + "/images/" + galleryField(image, "imageDefinition", gallery.imageDefinition())
                    + "/versions/" + galleryField(image, "imageVersion", gallery.imageVersion()), GALLERIES_API));
        }
        ManagedImage managed = managedImage(image);
        resources.add(new Resource("resourceGroups/" + managed.resourceGroup() + "/providers/Microsoft.Compute/images/"
                + managed.name(), IMAGES_API));
        return resources;
    }

    /** The entry's artifactId, the managed image's resource ID: its subscription and resource group. */
    private static ManagedImage managedImage(ImageRecord image) {
        String example = "/subscriptions/<subscription>/resourceGroups/<resource group>/providers/Microsoft.Compute"
                + "/images/" + image.imageId() + " (az image show --query id prints it)";
        if (image.artifactId() == null) {
            throw new InvalidInputException(ImageDeleter.entry(image) + " has no artifactId, which names the resource"
                    + " group the managed image is in: set its \"artifactId\" to " + example + ".");
        }
        Matcher id = MANAGED_IMAGE_ID.matcher(image.artifactId().strip());
        if (!id.matches() || !id.group(3).equals(image.imageId())) {
            throw new InvalidInputException(ImageDeleter.entry(image) + " has the artifactId '" + image.artifactId()
                    + "', which is no resource ID of that managed image: set it to " + example + ".");
        }
        return new ManagedImage(id.group(1), id.group(2), id.group(3));
    }

    private static String galleryField(ImageRecord image, String field, String value) {
        if (value == null || !value.matches(NAME)) {
            throw new InvalidInputException(ImageDeleter.entry(image) + " has " + (value == null ? "no gallery." + field
                    : "the gallery." + field + " '" + value + "', no Azure name") + ": set it to the gallery's, as"
                    + " the azure-image goal recorded it (az sig image-version list shows them).");
        }
        return value;
    }

    /** Polls Azure-AsyncOperation (or Location) until the deletion has finished. */
    private void await(String call, RestClient.Reply accepted) {
        Optional<String> operation = accepted.headers().firstValue("Azure-AsyncOperation");
        Optional<String> location = accepted.headers().firstValue("Location");
        if (operation.isEmpty() && location.isEmpty()) {
            return;
        }
        URI uri = management(call, operation.isPresent() ? "Azure-AsyncOperation" : "Location",
                operation.orElseGet(location::get));
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            RestClient.Reply reply = rest.send(call + " (its operation)", bearer(RestClient.request(uri)).GET().build())
                    .orElse(null);
            if (reply == null) {
                return;
            }
            if (operation.isPresent()) {
                String status = reply.text("status");
                if (status.equals("Succeeded")) {
                    return;
                }
                if (status.equals("Failed") || status.equals("Canceled")) {
                    throw new CloudCallException(call, "the operation " + status.toLowerCase(java.util.Locale.ROOT) + ", "
                            + reply.text("error", "code") + ": " + reply.text("error", "message"));
                }
            } else if (reply.status() != 202) {
                return;
            }
            rest.pauseBeforePolling(call, reply.headers().firstValue("Retry-After")
                    .or(() -> accepted.headers().firstValue("Retry-After")), DEFAULT_POLL_WAIT);
        }
        throw new CloudCallException(call, "Azure had not finished after " + MAX_POLLS + " polls");
    }

    /**
     * The URL an answer's {@code header} names, when it is on the management endpoint: the token goes nowhere else.
     */
    private URI management(String call, String header, String value) {
        URI uri;
        try {
            uri = endpoints.management().resolve(value.strip());
        } catch (IllegalArgumentException e) {
            throw new CloudCallException(call, "its " + header + " header is no URL: not followed");
        }
        if (!RestClient.origin(uri).equals(RestClient.origin(endpoints.management()))) {
            throw new CloudCallException(call, "its " + header + " header names " + RestClient.origin(uri) + ", not the"
                    + " management endpoint " + RestClient.origin(endpoints.management()) + ": not followed, as the"
                    + " token is for that endpoint only");
        }
        return uri;
    }

    private HttpRequest.Builder authorized(String resourcePath) {
        signIn();
        return bearer(RestClient.request(endpoints.management().resolve("subscriptions/"
                + arm().get("ARM_SUBSCRIPTION_ID") + "/" + resourcePath)));
    }

    private HttpRequest.Builder bearer(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token);
    }

    /** The client credentials grant: a token for Resource Manager. */
    private void signIn() {
        if (token != null) {
            return;
        }
        Map<String, String> arm = arm();
        String form = "grant_type=client_credentials&client_id=" + encode(arm.get("ARM_CLIENT_ID"))
                + "&client_secret=" + encode(arm.get("ARM_CLIENT_SECRET"))
                + "&scope=" + encode(endpoints.management() + ".default");
        URI tokenUri = endpoints.login().resolve(arm.get("ARM_TENANT_ID") + "/oauth2/v2.0/token");
        String call = "signing in to " + tokenUri.getHost() + " as client " + arm.get("ARM_CLIENT_ID");
        token = rest.send(call, RestClient.request(tokenUri).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build())
                .map(reply -> reply.text("access_token")).filter(accessToken -> !accessToken.isEmpty())
                .orElseThrow(() -> new CloudCallException(call, "no access token in the answer (is ARM_TENANT_ID right?)"));
    }

    private Map<String, String> arm() {
        if (arm == null) {
            arm = credentials.get();
        }
        return arm;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // The JDK's client holds no resources to release before Java 21.
    }
}
