package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prune-images on Azure against a local Resource Manager (and sign-in) stand-in. */
class AzurePruneTest {
    private static final String SECRET = "Qx8Q~client.secret-never-logged";
    private static final String TENANT = "00000000-0000-0000-0000-0000000000aa";
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000bb";
    private static final String ARM = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/";
    private static final String OPERATION = "providers/Microsoft.Compute/locations/eastus/operations/op-1";
    private static final String VERSION = "galleryrg/providers/Microsoft.Compute/galleries/arvados/images/zzzzz-compute"
            + "/versions/1.0.40";
    private static final String IMAGE = "imagesrg/providers/Microsoft.Compute/images/zzzzz-compute-v40";
    private static final ImageRecord OLD = image(40, new ImageRecord.Gallery("arvados", "galleryrg", "zzzzz-compute",
            "1.0.40", List.of("eastus")));

    @TempDir
    Path dir;
    private RestStandIn azure;
    private Path ledgerFile;
    private final RecordingLog log = new RecordingLog();

    private static ImageRecord image(int daysAgo, ImageRecord.Gallery gallery) {
        return image(daysAgo, gallery, "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/imagesrg/providers"
                + "/Microsoft.Compute/images/zzzzz-compute-v" + daysAgo);
    }

    /** As the azure-image goal records it: {@code artifactId} is packer's, the managed image's resource ID. */
    private static ImageRecord image(int daysAgo, ImageRecord.Gallery gallery, String artifactId) {
        return new ImageRecord("azure", CLUSTER, "zzzzz-compute-v" + daysAgo, "eastus", null, artifactId,
                NOW.minus(Duration.ofDays(daysAgo)), "1.11.2", null, null, null, gallery, null, null);
    }

    @BeforeEach
    void setUp() throws IOException {
        azure = new RestStandIn();
        ledgerFile = dir.resolve("arvados-images.json");
        for (ImageRecord image : List.of(OLD, image(10, null))) {
            Ledger.read(ledgerFile).append(image);
        }
        azure.answer("POST /" + TENANT + "/oauth2/v2.0/token", 200,
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"eyJ0.test.token\"}");
    }

    @AfterEach
    void tearDown() {
        azure.close();
    }

    private void prune(boolean confirm) throws IOException {
        prune(confirm, null);
    }

    private void prune(boolean confirm, Path configFile) throws IOException {
        prune(confirm, configFile, Duration.ofMinutes(5));
    }

    private void prune(boolean confirm, Path configFile, Duration timeout) throws IOException {
        Map<String, String> credentials = Map.of("ARM_CLIENT_ID", "11111111-2222-3333-4444-555555555555",
                "ARM_CLIENT_SECRET", SECRET, "ARM_TENANT_ID", TENANT, "ARM_SUBSCRIPTION_ID", SUBSCRIPTION);
        new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new AzureImageDeleter(() -> credentials,
                new AzureImageDeleter.Endpoints(azure.uri(), azure.uri()), new RunDeadline(timeout), log))
                .run(new PruneRequest(ledgerFile, configFile, null, "azure", 1, Duration.ofDays(7), confirm, true));
    }

    /** A ledger of {@code old} and a newer image, so that keep 1 prunes {@code old}. */
    private void ledgerOf(ImageRecord old) throws IOException {
        java.nio.file.Files.delete(ledgerFile);
        for (ImageRecord image : List.of(old, image(10, null))) {
            Ledger.read(ledgerFile).append(image);
        }
    }

    private ImageRecord entry(ImageRecord image) throws IOException {
        return Ledger.read(ledgerFile).images().stream().filter(image::isSameBuild).findFirst().orElseThrow();
    }

    @Test
    void thePlanNamesTheGalleryVersionAndTheManagedImageAndCallsNothing() throws IOException {
        prune(false);
        assertThat(azure.requests()).isEmpty();
        assertThat(log.all()).contains("prune zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z): kept by no rule;"
                + " would delete resourceGroups/" + VERSION + ", resourceGroups/" + IMAGE);
    }

    @Test
    void deletesTheGalleryVersionThenTheManagedImageWaitingForTheOperation() throws IOException {
        azure.answer("DELETE " + ARM + VERSION, 202, "", Map.of("Azure-AsyncOperation", azure.uri()
                + "providers/Microsoft.Compute/locations/eastus/operations/op-1?api-version=2023-07-03", "Retry-After", "0"));
        azure.answer("GET /providers/Microsoft.Compute/locations/eastus/operations/op-1", 200,
                "{\"startTime\":\"2026-12-01T12:00:00Z\",\"endTime\":\"2026-12-01T12:00:05Z\",\"status\":\"Succeeded\","
                        + "\"name\":\"op-1\"}");
        azure.answer("DELETE " + ARM + IMAGE, 200, "");
        prune(true);

        List<RestStandIn.Request> requests = azure.requests();
        assertThat(requests).extracting(RestStandIn.Request::toString).containsExactly(
                "POST /" + TENANT + "/oauth2/v2.0/token",
                "DELETE " + ARM + VERSION + "?api-version=2023-07-03",
                "GET /providers/Microsoft.Compute/locations/eastus/operations/op-1?api-version=2023-07-03",
                "DELETE " + ARM + IMAGE + "?api-version=2024-07-01");
        assertThat(requests.get(0).body()).contains("grant_type=client_credentials",
                "client_id=11111111-2222-3333-4444-555555555555", "scope=" + java.net.URLEncoder.encode(azure.uri()
                        + ".default", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(requests.subList(1, 4)).extracting(RestStandIn.Request::authorization)
                .containsOnly("Bearer eyJ0.test.token");
        assertThat(entry(OLD).deleted()).containsExactly("resourceGroups/" + VERSION, "resourceGroups/" + IMAGE);
        assertThat(entry(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(log.all()).doesNotContain(SECRET);
    }

    @Test
    void aFailedDeleteNamesTheImageAndTheCallAndTheLedgerListsWhatWentBefore() throws IOException {
        azure.answer("DELETE " + ARM + VERSION, 200, "");
        azure.answer("DELETE " + ARM + IMAGE, 409, "{\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"The"
                + " image is in use by virtual machine compute0.\"}}");
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z): DELETE"
                        + " resourceGroups/" + IMAGE + " failed: HTTP 409, OperationNotAllowed: The image is in use by"
                        + " virtual machine compute0.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(entry(OLD).deleted()).containsExactly("resourceGroups/" + VERSION);
        assertThat(entry(OLD).prunedAt()).isNull();
    }

    @Test
    void resourcesGoneAlreadyCountAsPruned() throws IOException {
        prune(true);
        assertThat(entry(OLD).deleted()).isEmpty();
        assertThat(entry(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(log.all()).contains("resourceGroups/" + IMAGE + " is gone already.");
    }

    /** Retry-After is seconds or an HTTP date; either way no wait is longer than a minute or passes the deadline. */
    @Test
    void aRetryAfterThatWouldPassTheRunsDeadlineFailsAtOnceNamingIt() throws IOException {
        azure.answer("DELETE " + ARM + VERSION, 202, "", Map.of("Azure-AsyncOperation", azure.uri() + OPERATION,
                "Retry-After", "9223372036854775807"));
        azure.answer("GET /" + OPERATION, 200, "{\"status\":\"InProgress\",\"name\":\"op-1\"}");
        assertThatThrownBy(() -> prune(true, null, Duration.ofSeconds(30)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z): DELETE"
                        + " resourceGroups/" + VERSION + " failed: waiting 1m for the operation, as its answer asks,"
                        + " would pass the run's deadline (30s)");
        assertThat(entry(OLD).deleted()).isEmpty();
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsWaitedFor() throws IOException {
        azure.answer("DELETE " + ARM + VERSION, 202, "", Map.of("Azure-AsyncOperation", azure.uri() + OPERATION,
                "Retry-After", "Thu, 01 Jan 2026 00:00:00 GMT"));
        azure.answer("GET /" + OPERATION, 200, "{\"status\":\"Succeeded\",\"name\":\"op-1\"}");
        azure.answer("DELETE " + ARM + IMAGE, 200, "");
        prune(true);
        assertThat(entry(OLD).deleted()).containsExactly("resourceGroups/" + VERSION, "resourceGroups/" + IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Azure-AsyncOperation", "Location"})
    void anOperationUrlOnAnotherHostIsNotFollowedAndGetsNoToken(String header) throws IOException {
        try (RestStandIn elsewhere = new RestStandIn()) {
            elsewhere.answer("GET /operations/op-1", 200, "{\"status\":\"Succeeded\"}");
            azure.answer("DELETE " + ARM + VERSION, 202, "", Map.of(header, elsewhere.uri() + "operations/op-1",
                    "Retry-After", "0"));
            azure.answer("DELETE " + ARM + IMAGE, 200, "");
            assertThatThrownBy(() -> prune(true))
                    .isInstanceOf(BuildFailedException.class)
                    .hasMessageStartingWith("Pruning image zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z): DELETE"
                            + " resourceGroups/" + VERSION + " failed: its " + header + " header names http://"
                            + elsewhere.uri().getAuthority() + ", not the management endpoint http://"
                            + azure.uri().getAuthority() + ": not followed");
            assertThat(elsewhere.requests()).isEmpty();
        }
        assertThat(entry(OLD).deleted()).isEmpty();
        assertThat(azure.requests()).extracting(RestStandIn.Request::toString)
                .doesNotContain("DELETE " + ARM + IMAGE + "?api-version=2024-07-01");
    }

    @Test
    void deletesTheManagedImageInTheResourceGroupItWasBuiltInNotThePoms() throws IOException {
        String builtIn = "arvados-images-2026/providers/Microsoft.Compute/images/zzzzz-compute-v40";
        ledgerOf(image(40, null, "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + builtIn));
        azure.answer("DELETE " + ARM + builtIn, 200, "");
        prune(true);
        assertThat(azure.requests()).extracting(RestStandIn.Request::toString).containsExactly(
                "POST /" + TENANT + "/oauth2/v2.0/token", "DELETE " + ARM + builtIn + "?api-version=2024-07-01");
        assertThat(entry(OLD).deleted()).containsExactly("resourceGroups/" + builtIn);
    }

    @Test
    void anEntryWithoutArtifactIdIsRefusedNamingItAndTheField() throws IOException {
        ledgerOf(image(40, null, null));
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The ledger entry of zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z) has"
                        + " no artifactId")
                .hasMessageContaining("/subscriptions/<subscription>/resourceGroups/<resource group>/providers"
                        + "/Microsoft.Compute/images/zzzzz-compute-v40");
        assertThat(azure.requests()).isEmpty();
    }

    @Test
    void anEntryOfAnotherSubscriptionIsRefusedNamingBoth() throws IOException {
        String other = "00000000-0000-0000-0000-0000000000cc";
        ledgerOf(image(40, null, "/subscriptions/" + other + "/resourceGroups/" + IMAGE));
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("zzzzz-compute-v40 (azure, built 2026-10-22T12:00:00Z)")
                .hasMessageContaining("subscription " + other)
                .hasMessageContaining(SUBSCRIPTION);
        assertThat(azure.requests()).extracting(RestStandIn.Request::method).doesNotContain("DELETE");
    }

    @Test
    void theGalleryVersionConfigYmlNamesAndEveryEntryNamingItAreNeverDeleted() throws IOException {
        // Two older builds published gallery version 1.0.40 (a rebuild into the same version), and one 1.0.50.
        ImageRecord.Gallery v40 = OLD.gallery();
        ImageRecord alias = image(60, v40);
        ImageRecord other = image(50, new ImageRecord.Gallery("arvados", "galleryrg", "zzzzz-compute", "1.0.50",
                List.of("eastus")));
        for (ImageRecord image : List.of(alias, other)) {
            Ledger.read(ledgerFile).append(image);
        }
        Path config = dir.resolve("config.yml");
        java.nio.file.Files.writeString(config, "Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n"
                + "        Driver: azure\n        ImageID: zzzzz-compute\n        DriverParameters:\n"
                + "          SharedImageGalleryName: arvados\n          SharedImageGalleryImageVersion: 1.0.40\n");
        String otherVersion = VERSION.replace("1.0.40", "1.0.50");
        String otherImage = IMAGE.replace("v40", "v50");
        azure.answer("DELETE " + ARM + otherVersion, 200, "");
        azure.answer("DELETE " + ARM + otherImage, 200, "");
        prune(true, config);
        List<String> deletes = azure.requests().stream().filter(request -> request.method().equals("DELETE"))
                .map(RestStandIn.Request::path).toList();
        assertThat(deletes).containsExactly(ARM + otherVersion, ARM + otherImage);
        assertThat(deletes).noneMatch(path -> path.endsWith("/images/zzzzz-compute")
                || path.contains("/images/zzzzz-compute/versions/1.0.40") || path.endsWith("/images/zzzzz-compute-v40")
                || path.endsWith("/images/zzzzz-compute-v60"));
        assertThat(entry(OLD).prunedAt()).isNull();
        assertThat(entry(alias).prunedAt()).isNull();
        assertThat(entry(other).prunedAt()).isEqualTo(NOW);
    }
}
