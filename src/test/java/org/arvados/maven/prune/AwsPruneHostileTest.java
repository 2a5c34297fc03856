package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.prune.sdk.AwsImageDeleter;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.prune.MotoEc2.CREDENTIALS;
import static org.arvados.maven.prune.MotoEc2.SECRET;
import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.arvados.maven.prune.PruneFixtures.ami;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * prune-images on AWS against answers EC2 and moto never give, from the hand-written stand-in: a filter ignored,
 * a non-EC2 or endless answer, a redirect, a slow endpoint, a failure midway.
 */
class AwsPruneHostileTest {
    private static final String EAST = "us-east-1";
    /** The image to prune: 40 days old, one snapshot; the one in use (and newest) is 10 days old. */
    private static final ImageRecord OLD = ami(40);
    private static final ImageRecord IN_USE = ami(10);
    private static final String OLD_SNAPSHOT = "snap-0000000000000e040";
    private static final String IN_USE_SNAPSHOT = "snap-0000000000000e010";

    @TempDir
    Path dir;
    private Ec2StandIn ec2;
    private Path ledgerFile;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws IOException {
        ec2 = new Ec2StandIn();
        ledgerFile = dir.resolve("arvados-images.json");
        Ledger.read(ledgerFile).append(OLD).append(IN_USE);
        ec2.image(EAST, OLD.imageId(), OLD_SNAPSHOT);
        ec2.snapshot(EAST, OLD_SNAPSHOT, "Created by CreateImage(i-0) for " + OLD.imageId(), tags(OLD));
        ec2.image(EAST, IN_USE.imageId(), IN_USE_SNAPSHOT);
        ec2.snapshot(EAST, IN_USE_SNAPSHOT, "Created by CreateImage(i-1) for " + IN_USE.imageId(), tags(IN_USE));
    }

    @AfterEach
    void tearDown() {
        ec2.close();
    }

    private static Map<String, String> tags(ImageRecord image) {
        return Map.of(AwsImages.CLUSTER_TAG, CLUSTER, AwsImages.INPUTS_HASH_TAG, image.inputsHash());
    }

    private void prune(Duration timeout) throws IOException {
        new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new AwsImageDeleter(() -> CREDENTIALS,
                ec2.endpoint(), new RunDeadline(timeout), log))
                .run(new PruneRequest(ledgerFile, null, null, "aws", 1, Duration.ofDays(7), true, true));
    }

    private ImageRecord stored(ImageRecord image) throws IOException {
        return Ledger.read(ledgerFile).current(image).orElseThrow();
    }

    private static Ec2StandIn.Hostile answer(int status, Map<String, String> headers, String body) {
        return new Ec2StandIn.Hostile(status, headers, body);
    }

    /**
     * The in-use image's snapshot carries every tag the old entry requires, so that only the per-item checks keep it:
     * the old build's inputs hash (a forced rebuild of the same inputs), or, where the old entry records no inputs
     * hash (an entry of an earlier version), the cluster tag alone.
     */
    private void inUseSnapshotTaggedLikeTheOld(boolean oldHasInputsHash) throws IOException {
        if (!oldHasInputsHash) {
            Files.delete(ledgerFile);
            Ledger.read(ledgerFile).append(withoutInputsHash(OLD)).append(IN_USE);
        }
        ec2.snapshot(EAST, IN_USE_SNAPSHOT, "Created by CreateImage(i-1) for " + IN_USE.imageId(), tags(OLD));
    }

    private static ImageRecord withoutInputsHash(ImageRecord image) {
        return new ImageRecord(image.cloud(), image.clusterId(), image.imageId(), image.region(), image.regions(),
                image.artifactId(), image.builtAt(), image.packerVersion(), null, image.templateFile(),
                image.packerPlugin(), image.gallery(), image.builtWith(), image.bom());
    }

    private List<String> deletedSnapshotCalls() {
        return ec2.calls().stream().filter(call -> call.action().equals("DeleteSnapshot"))
                .map(call -> call.parameters().get("SnapshotId")).toList();
    }

    /** The old AMI was deregistered by an earlier version that recorded no snapshots; the endpoint ignores filters. */
    private void rerunAfterAnEarlierVersionDeregistered(boolean oldHasInputsHash) throws IOException {
        inUseSnapshotTaggedLikeTheOld(oldHasInputsHash);
        Ledger.read(ledgerFile).update(OLD, entry -> entry.withDeleted(EAST + ":" + OLD.imageId()));
        ec2.deregister(EAST, OLD.imageId());
        ec2.ignoreFilters();
        prune(Duration.ofMinutes(1));
    }

    @ParameterizedTest(name = "old entry with inputsHash: {0}")
    @ValueSource(booleans = {true, false})
    void anEndpointIgnoringTheSnapshotFilterGetsNoDeleteForASnapshotTheAmiDidNotMap(boolean oldHasInputsHash)
            throws IOException {
        inUseSnapshotTaggedLikeTheOld(oldHasInputsHash);
        ec2.ignoreFilters();
        prune(Duration.ofMinutes(1));
        assertThat(ec2.hasSnapshot(EAST, OLD_SNAPSHOT)).isFalse();
        assertThat(ec2.hasSnapshot(EAST, IN_USE_SNAPSHOT)).isTrue();
        assertThat(deletedSnapshotCalls()).containsExactly(OLD_SNAPSHOT);
    }

    @Test
    void anEndpointIgnoringTheDescriptionFilterOnARerunGetsNoDeleteForAnotherImagesSnapshot() throws IOException {
        rerunAfterAnEarlierVersionDeregistered(true);
        assertThat(ec2.calls()).extracting(Ec2StandIn.Call::action).contains("DescribeSnapshots");
        assertThat(deletedSnapshotCalls()).containsExactly(OLD_SNAPSHOT);
        assertThat(ec2.hasSnapshot(EAST, OLD_SNAPSHOT)).isFalse();
        assertThat(ec2.hasSnapshot(EAST, IN_USE_SNAPSHOT)).isTrue();
    }

    @Test
    void aRerunOfAnEntryWithNeitherRecordedSnapshotsNorAnInputsHashSearchesNothingAndSaysSo() throws IOException {
        rerunAfterAnEarlierVersionDeregistered(false);
        assertThat(ec2.calls()).extracting(Ec2StandIn.Call::action).doesNotContain("DescribeSnapshots",
                "DeleteSnapshot", "DeregisterImage");
        assertThat(ec2.hasSnapshot(EAST, OLD_SNAPSHOT)).isTrue();
        assertThat(log.messages()).contains("  prune " + OLD.imageId() + " (aws, built " + OLD.builtAt() + "): kept by"
                + " no rule; deleting nothing: " + EAST + ":" + OLD.imageId() + " is deregistered already, and the entry"
                + " has neither recorded snapshots nor an inputs hash to tell the build's snapshots from others");
        assertThat(log.messages()).anyMatch(line -> line.contains(EAST + ":" + OLD.imageId() + " is gone, and its"
                + " ledger entry has neither recorded snapshots nor an inputs hash") && line.contains("by hand"));
    }

    @Test
    void anEmptyOrNonEc2AnswerToDescribeImagesLeavesTheImageUnpruned() throws IOException {
        ec2.hostile("DescribeImages", answer(200, Map.of("Content-Type", "text/html"), "<html><body>Welcome to nginx!"
                + "</body></html>"));
        try {
            prune(Duration.ofMinutes(1));
        } catch (BuildFailedException unparsed) {
            assertThat(unparsed.getMessage()).startsWith("Pruning image " + OLD.imageId());
        }
        assertThat(stored(OLD).prunedAt()).isNull();
        assertThat(ec2.calls()).extracting(Ec2StandIn.Call::action).doesNotContain("DeregisterImage", "DeleteSnapshot");
    }

    @Test
    void anEmptyDescribeImagesAnswerIsNotTakenForADeletion() throws IOException {
        ec2.hostile("DescribeImages", answer(200, Map.of("Content-Type", "text/xml"), "<DescribeImagesResponse"
                + " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><imagesSet/></DescribeImagesResponse>"));
        prune(Duration.ofMinutes(1));
        assertThat(stored(OLD).prunedAt()).isNull();
        assertThat(log.messages()).anyMatch(line -> line.contains("EC2 shows no such AMI to"));
    }

    @Test
    void anEndlessAnswerEndsInAnErrorNamingTheCallAndItsSize() throws IOException {
        ec2.hostile("DescribeImages", new Ec2StandIn.Hostile(200, Map.of("Content-Type", "text/xml"),
                "<DescribeImagesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><imagesSet><item>"
                        + "<description>", "x".repeat(8192), 1L << 40));
        assertThatThrownBy(() -> prune(Duration.ofMinutes(1)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("DescribeImages us-east-1:" + OLD.imageId() + " failed: ")
                .hasMessageContaining("larger than 16 MiB");
        assertThat(stored(OLD).deleted()).isEmpty();
    }

    @Test
    void aRedirectIsNamedWithWhereItPoints() throws IOException {
        ec2.hostile("DescribeImages", answer(307, Map.of("Location", "https://ec2.example.org/"), ""));
        assertThatThrownBy(() -> prune(Duration.ofMinutes(1)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("DescribeImages us-east-1:" + OLD.imageId() + " failed: the endpoint answered"
                        + " HTTP 307, a redirect to https://ec2.example.org/, which EC2's API never answers: set"
                        + " <aws><endpoint> (arvados.aws.endpoint) to the API's own URL");
    }

    @Test
    void noCallStartsAfterTheRunsDeadline() throws IOException {
        ec2.delay("DescribeImages", 1500);
        assertThatThrownBy(() -> prune(Duration.ofSeconds(1)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("DeregisterImage us-east-1:" + OLD.imageId() + " failed: the run's deadline (1s)"
                        + " has passed");
        assertThat(ec2.calls()).extracting(Ec2StandIn.Call::action).containsExactly("DescribeImages");
    }

    @Test
    void aFailedCallMidwayLeavesTheLedgerSayingExactlyWhatWasDeletedAndARerunFinishes() throws IOException {
        ec2.fail("DeleteSnapshot", OLD_SNAPSHOT, "UnauthorizedOperation");
        assertThatThrownBy(() -> prune(Duration.ofMinutes(1)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image " + OLD.imageId() + " (aws, built 2026-10-22T12:00:00Z):"
                        + " DeleteSnapshot us-east-1:" + OLD_SNAPSHOT + " failed: UnauthorizedOperation: You are not"
                        + " authorized to perform this operation.")
                .hasMessageContaining("lists what was deleted (us-east-1:" + OLD.imageId() + ")")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(stored(OLD).snapshots()).containsExactly(EAST + ":" + OLD_SNAPSHOT);
        assertThat(stored(OLD).prunedAt()).isNull();

        prune(Duration.ofMinutes(1));
        assertThat(stored(OLD).deleted()).containsExactly(EAST + ":" + OLD.imageId(), EAST + ":" + OLD_SNAPSHOT);
        assertThat(stored(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(ec2.requestTexts()).noneMatch(text -> text.contains(SECRET));
        assertThat(log.messages()).noneMatch(line -> line.contains(SECRET));
    }
}
