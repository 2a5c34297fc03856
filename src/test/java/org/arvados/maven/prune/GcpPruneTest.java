package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.prune.sdk.LoadedCloudSdks;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * prune-images on GCP against a local Compute Engine stand-in, signed in with a service account key file whose
 * token_uri is the stand-in's: Google's auth library makes the real token exchange.
 */
class GcpPruneTest {
    private static final String PROJECT = "arvados-images";
    private static final String IMAGES = "/projects/" + PROJECT + "/global/images/";
    private static final ImageRecord OLD = image(40);

    @TempDir
    Path dir;
    private RestStandIn google;
    private Path ledgerFile;
    private Path accountFile;
    private String privateKeyBase64;
    private final RecordingLog log = new RecordingLog();

    private static ImageRecord image(int daysAgo) {
        return new ImageRecord("gcp", CLUSTER, "arvados-zzzzz-compute-" + daysAgo, "us-central1-f", null, null,
                NOW.minus(Duration.ofDays(daysAgo)), "1.11.2", null, null, null, null, null, null);
    }

    @BeforeEach
    void setUp() throws IOException {
        google = new RestStandIn();
        ledgerFile = dir.resolve("arvados-images.json");
        for (ImageRecord image : List.of(OLD, image(10))) {
            Ledger.read(ledgerFile).append(image);
        }
        accountFile = dir.resolve("account.json");
        privateKeyBase64 = google.googleServiceAccount(accountFile, PROJECT);
    }

    @AfterEach
    void tearDown() {
        google.close();
    }

    private void prune(boolean confirm) throws IOException {
        prune(confirm, Duration.ofMinutes(5));
    }

    private void prune(boolean confirm, Duration timeout) throws IOException {
        new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new GcpImageDeleter(PROJECT,
                () -> new LoadedCloudSdks().googleCredentials(accountFile), google.uri(), new RunDeadline(timeout), log))
                .run(new PruneRequest(ledgerFile, null, null, "gcp", 1, Duration.ofDays(7), confirm, true));
    }

    private ImageRecord entry(ImageRecord image) throws IOException {
        return Ledger.read(ledgerFile).images().stream().filter(image::isSameBuild).findFirst().orElseThrow();
    }

    private static String operation(String status, String error) {
        return "{\"kind\":\"compute#operation\",\"id\":\"4242\",\"name\":\"operation-1764590400000-delete\","
                + "\"operationType\":\"delete\",\"targetLink\":\"https://www.googleapis.com/compute/v1/projects/"
                + PROJECT + "/global/images/arvados-zzzzz-compute-40\",\"status\":\"" + status + "\","
                + "\"progress\":0" + error + "}";
    }

    @Test
    void thePlanNamesTheImageAndCallsNothing() throws IOException {
        prune(false);
        assertThat(google.requests()).isEmpty();
        assertThat(log.all()).contains("prune arvados-zzzzz-compute-40 (gcp, built 2026-10-22T12:00:00Z): kept by no rule;"
                + " would delete projects/arvados-images/global/images/arvados-zzzzz-compute-40");
    }

    @Test
    void deletesTheImageAndWaitsForItsOperation() throws IOException {
        google.answer("DELETE " + IMAGES + "arvados-zzzzz-compute-40", 200, operation("RUNNING", ""));
        google.answer("POST /projects/" + PROJECT + "/global/operations/operation-1764590400000-delete/wait", 200,
                operation("DONE", ""));
        prune(true);
        List<RestStandIn.Request> requests = google.requests();
        assertThat(requests).extracting(RestStandIn.Request::toString).containsExactly("POST /token",
                "DELETE " + IMAGES + "arvados-zzzzz-compute-40",
                "POST /projects/" + PROJECT + "/global/operations/operation-1764590400000-delete/wait");
        assertThat(requests.get(0).body()).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
        assertThat(requests.subList(1, 3)).extracting(RestStandIn.Request::authorization)
                .containsOnly("Bearer ya29.stand-in");
        assertThat(entry(OLD).deleted()).containsExactly("projects/arvados-images/global/images/arvados-zzzzz-compute-40");
        assertThat(entry(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(entry(image(10)).prunedAt()).isNull();
    }

    @Test
    void anOperationStillRunningAtTheRunsDeadlineEndsTheRunThere() throws IOException {
        google.answer("DELETE " + IMAGES + "arvados-zzzzz-compute-40", 200, operation("RUNNING", ""));
        String wait = "POST /projects/" + PROJECT + "/global/operations/operation-1764590400000-delete/wait";
        google.answer(wait, 200, operation("DONE", ""));
        google.delay(wait, 6_000);
        assertThatThrownBy(() -> prune(true, Duration.ofSeconds(3)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("globalOperations.wait of images.delete projects/arvados-images/global/images"
                        + "/arvados-zzzzz-compute-40 failed: no whole answer from 127.0.0.1 within the run's deadline"
                        + " (3s)");
        assertThat(entry(OLD).prunedAt()).isNull();
    }

    @Test
    void anOperationThatFailsNamesTheImageAndTheCall() throws IOException {
        google.answer("DELETE " + IMAGES + "arvados-zzzzz-compute-40", 200, operation("DONE",
                ",\"error\":{\"errors\":[{\"code\":\"RESOURCE_IN_USE_BY_ANOTHER_RESOURCE\",\"message\":\"The image is"
                        + " used by instance template compute.\"}]}"));
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image arvados-zzzzz-compute-40 (gcp, built 2026-10-22T12:00:00Z):"
                        + " images.delete projects/arvados-images/global/images/arvados-zzzzz-compute-40 failed:"
                        + " RESOURCE_IN_USE_BY_ANOTHER_RESOURCE: The image is used by instance template compute.")
                .hasMessageContaining("lists what was deleted (nothing)");
        assertThat(entry(OLD).prunedAt()).isNull();
        assertThat(log.all()).doesNotContain(privateKeyBase64.substring(0, 40));
    }

    @Test
    void anImageGoneAlreadyCountsAsPruned() throws IOException {
        prune(true);
        assertThat(entry(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(entry(OLD).deleted()).isEmpty();
    }

    @Test
    void anOperationNameThatIsNoNameIsNotFollowed() throws IOException {
        google.answer("DELETE " + IMAGES + "arvados-zzzzz-compute-40", 200, operation("RUNNING", "")
                .replace("operation-1764590400000-delete", "../../../../token"));
        google.answer("POST /token/wait", 200, operation("DONE", ""));
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image arvados-zzzzz-compute-40 (gcp, built 2026-10-22T12:00:00Z):"
                        + " images.delete projects/arvados-images/global/images/arvados-zzzzz-compute-40 failed: its"
                        + " operation's name '../../../../token' is no Compute Engine operation name: not followed");
        assertThat(google.requests()).extracting(RestStandIn.Request::toString).containsExactly("POST /token",
                "DELETE " + IMAGES + "arvados-zzzzz-compute-40");
        assertThat(entry(OLD).prunedAt()).isNull();
    }
}
