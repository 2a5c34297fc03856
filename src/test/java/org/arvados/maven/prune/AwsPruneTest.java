package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.prune.sdk.AwsImageDeleter;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.arvados.maven.prune.MotoEc2.CREDENTIALS;
import static org.arvados.maven.prune.MotoEc2.SECRET;
import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.arvados.maven.prune.PruneFixtures.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prune-images on AWS, through the real SDK against moto's EC2 reached as {@code <aws><endpoint>}. */
class AwsPruneTest {
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static MotoEc2 ec2;

    @TempDir
    Path dir;
    private Path ledgerFile;
    private final RecordingLog log = new RecordingLog();

    /** Built 40 days ago and copied to eu-west-1; 20 days ago; 10 days ago: keep 1 prunes the first two. */
    private ImageRecord old;
    private ImageRecord middle;
    private ImageRecord newest;
    private MotoEc2.Ami oldEast;
    private MotoEc2.Ami oldWest;
    private MotoEc2.Ami middleEast;

    @BeforeAll
    static void startMoto() throws Exception {
        ec2 = MotoEc2.start();
    }

    @AfterAll
    static void stopMoto() {
        if (ec2 != null) {
            ec2.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        ec2.reset();
        ledgerFile = dir.resolve("arvados-images.json");
        oldEast = ec2.build(EAST, tags(40));
        oldWest = ec2.copy(oldEast, WEST, tags(40));
        old = entry(40, Map.of(EAST, oldEast.imageId(), WEST, oldWest.imageId()));
        middleEast = ec2.build(EAST, tags(20));
        middle = entry(20, Map.of(EAST, middleEast.imageId()));
        newest = entry(10, Map.of(EAST, ec2.build(EAST, tags(10)).imageId()));
        for (ImageRecord image : List.of(old, middle, newest)) {
            Ledger.read(ledgerFile).append(image);
        }
    }

    static Map<String, String> tags(int daysAgo) {
        return Map.of("Name", "arvados-zzzzz-compute", AwsImages.CLUSTER_TAG, CLUSTER,
                AwsImages.INPUTS_HASH_TAG, hash(daysAgo));
    }

    static ImageRecord entry(int daysAgo, Map<String, String> regions) {
        return PruneFixtures.ami(daysAgo, regions);
    }

    private List<PrunePlan> prune(boolean confirm) throws IOException {
        return prune(new PruneRequest(ledgerFile, null, null, "aws", 1, Duration.ofDays(7), confirm, true));
    }

    private List<PrunePlan> prune(PruneRequest request) throws IOException {
        return pruner(log).run(request);
    }

    private static Pruner pruner(RecordingLog log) {
        return new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud ->
                new AwsImageDeleter(() -> CREDENTIALS, ec2.endpoint(), new RunDeadline(Duration.ofMinutes(5)), log));
    }

    private ImageRecord stored(ImageRecord image) throws IOException {
        return Ledger.read(ledgerFile).current(image).orElseThrow();
    }

    private Path config(String imageId) throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        Driver: ec2\n"
                + "        ImageID: " + imageId + "\n        DriverParameters:\n          Region: eu-west-1\n");
        return config;
    }

    @Test
    void withoutConfirmPrintsThePlanAndChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(ledgerFile);
        prune(false);
        assertThat(Files.readAllBytes(ledgerFile)).isEqualTo(before);
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isTrue();
        assertThat(log.all()).contains(
                "keep  " + newest.imageId() + " (aws, built 2026-11-21T12:00:00Z): one of the 1 newest",
                "prune " + middle.imageId() + " (aws, built 2026-11-11T12:00:00Z): kept by no rule; would delete"
                        + " us-east-1:" + middle.imageId() + ", and their snapshots tagged arvados_cluster=zzzzz,"
                        + " arvados_inputs_hash=" + hash(20),
                "Nothing deleted: this is the plan. To delete the 2 image(s) marked prune, run again with"
                        + " -Darvados.prune.confirm=true.");
    }

    @Test
    void deregistersEveryCopyAndDeletesTheSnapshotsItMappedAndRecordedFirst() throws IOException {
        prune(true);
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isFalse();
        assertThat(ec2.hasImage(WEST, oldWest.imageId())).isFalse();
        oldEast.snapshots().forEach(snapshot -> assertThat(ec2.hasSnapshot(EAST, snapshot)).isFalse());
        oldWest.snapshots().forEach(snapshot -> assertThat(ec2.hasSnapshot(WEST, snapshot)).isFalse());
        List<String> expected = new ArrayList<>();
        oldEast.snapshots().forEach(snapshot -> expected.add(EAST + ":" + snapshot));
        oldWest.snapshots().forEach(snapshot -> expected.add(WEST + ":" + snapshot));
        assertThat(stored(old).snapshots()).containsExactlyInAnyOrderElementsOf(expected);
        expected.add(EAST + ":" + oldEast.imageId());
        expected.add(WEST + ":" + oldWest.imageId());
        assertThat(stored(old).deleted()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stored(old).prunedAt()).isEqualTo(NOW);
        assertThat(stored(middle).prunedAt()).isEqualTo(NOW);
        assertThat(ec2.hasImage(EAST, newest.imageId())).isTrue();
        assertThat(stored(newest).prunedAt()).isNull();
        assertThat(log.all()).doesNotContain(SECRET);
    }

    @Test
    void aMappedSnapshotWithoutTheBuildsTagsIsLeftAlone() throws IOException {
        MotoEc2.Ami foreign = ec2.build(EAST, Map.of("team", "ops"));
        ImageRecord image = entry(30, Map.of(EAST, foreign.imageId()));
        Ledger.read(ledgerFile).append(image);
        prune(true);
        assertThat(ec2.hasImage(EAST, foreign.imageId())).isFalse();
        assertThat(ec2.hasSnapshot(EAST, foreign.snapshots().get(0))).isTrue();
        assertThat(log.all()).contains(EAST + ":" + foreign.snapshots().get(0) + " of " + EAST + ":" + foreign.imageId()
                + " lacks the build's tags (arvados_cluster, arvados_inputs_hash): not made by this plugin for cluster"
                + " zzzzz, so it is left alone.");
    }

    @Test
    void anAmiDeregisteredByHandIsNotTakenForGoneUntilTheLedgerSaysSoThenItsSnapshotsGoByDescriptionAndBothTags()
            throws IOException {
        ec2.deregister(EAST, middleEast.imageId());
        String description = "Created by CreateImage(i-0123456789abcdef0) for " + middleEast.imageId();
        // Described as made for that AMI, but another cluster's, or without the inputs hash, or only naming it.
        String others = ec2.snapshot(EAST, description, Map.of(AwsImages.CLUSTER_TAG, "yyyyy",
                AwsImages.INPUTS_HASH_TAG, hash(20)));
        String noHash = ec2.snapshot(EAST, description, Map.of(AwsImages.CLUSTER_TAG, CLUSTER));
        String mentions = ec2.snapshot(EAST, "backup taken before " + middleEast.imageId() + " was built", tags(20));
        prune(true);
        // Not seen is not gone (other credentials see nothing either): reported, nothing of it deleted, not pruned.
        assertThat(ec2.hasSnapshot(EAST, middleEast.snapshots().get(0))).isTrue();
        assertThat(stored(middle).deleted()).isEmpty();
        assertThat(stored(middle).prunedAt()).isNull();
        assertThat(log.messages()).anyMatch(line -> line.startsWith("us-east-1:" + middle.imageId() + " of "
                + middle.imageId() + " (aws, built 2026-11-11T12:00:00Z): EC2 shows no such AMI to account"
                + " 123456789012, region us-east-1, and the ledger records no deletion of it."));

        // The operator records the deregistration, as the message says; the rerun finds the build's snapshots.
        Ledger.read(ledgerFile).update(middle, entry -> entry.withDeleted(EAST + ":" + middleEast.imageId()));
        prune(true);
        assertThat(ec2.hasSnapshot(EAST, middleEast.snapshots().get(0))).isFalse();
        assertThat(ec2.hasSnapshot(EAST, others)).isTrue();
        assertThat(ec2.hasSnapshot(EAST, noHash)).isTrue();
        assertThat(ec2.hasSnapshot(EAST, mentions)).isTrue();
        assertThat(stored(middle).deleted()).containsExactly(EAST + ":" + middleEast.imageId(),
                EAST + ":" + middleEast.snapshots().get(0));
        assertThat(stored(middle).prunedAt()).isEqualTo(NOW);
    }

    @Test
    void anAmiTheAccountDoesNotShowIsReportedNamingAccountAndRegionAndLeftUnpruned() throws IOException {
        ImageRecord elsewhere = entry(50, Map.of(EAST, "ami-0123456789abcdef0"));
        Ledger.read(ledgerFile).append(elsewhere);
        prune(true);
        assertThat(stored(elsewhere).prunedAt()).isNull();
        assertThat(stored(elsewhere).deleted()).isEmpty();
        assertThat(log.all()).contains("Left ami-0123456789abcdef0 (aws, built 2026-10-12T12:00:00Z) unpruned in the"
                + " ledger: it is not seen gone.");
        assertThat(log.messages()).anyMatch(line -> line.contains("account 123456789012, region us-east-1"));
        assertThat(stored(old).prunedAt()).isEqualTo(NOW);
    }

    @Test
    void theImageConfigYmlUsesIsKeptInEveryEntryThatNamesItAndSoAreItsSnapshots() throws IOException {
        // The entry added twice (a merged ledger), and a third, older, entry naming the same AMI as a copy.
        Ledger.read(ledgerFile).append(old);
        ImageRecord alias = new ImageRecord("aws", CLUSTER, oldWest.imageId(), WEST, Map.of(WEST, oldWest.imageId()),
                null, NOW.minus(Duration.ofDays(60)), "1.11.2", hash(60), null, null, null, null, null);
        Ledger.read(ledgerFile).append(alias);
        prune(new PruneRequest(ledgerFile, config(oldWest.imageId()), null, null, 1, Duration.ofDays(7), true, false));
        assertThat(ec2.hasImage(WEST, oldWest.imageId())).isTrue();
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isTrue();
        assertThat(ec2.hasSnapshot(WEST, oldWest.snapshots().get(0))).isTrue();
        assertThat(log.all()).contains("keep  " + old.imageId() + " (aws, built 2026-10-22T12:00:00Z): config.yml's ImageID");
        assertThat(log.messages()).filteredOn(line -> line.contains(oldWest.imageId()) || line.contains(old.imageId()))
                .noneMatch(line -> line.startsWith("  prune"));
        assertThat(log.messages()).filteredOn(line -> line.startsWith("  keep  " + oldWest.imageId())).singleElement()
                .asString().contains("config.yml's ImageID");
        assertThat(stored(middle).prunedAt()).as("not used, not newest").isEqualTo(NOW);
    }

    @Test
    void confirmWithoutConfigFileIsRefusedBeforeAnyCallUnlessSaidSo() throws IOException {
        byte[] before = Files.readAllBytes(ledgerFile);
        assertThatThrownBy(() -> prune(new PruneRequest(ledgerFile, null, null, null, 1, Duration.ofDays(7), true,
                false)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<configFile> (arvados.configFile) is not set, so prune-images does not know which image"
                        + " cluster zzzzz runs on and could delete it: set it to the cluster's config.yml, or set"
                        + " <withoutConfigFile> (arvados.prune.withoutConfigFile) to true to prune by keep, minAge and"
                        + " cloudtest alone.");
        assertThat(Files.readAllBytes(ledgerFile)).isEqualTo(before);
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isTrue();
        // A plan never names a rule it did not apply.
        prune(false);
        assertThat(log.messages()).noneMatch(line -> line.startsWith("Cluster") && line.contains("config.yml"));
        assertThat(log.all()).contains("No <configFile> (arvados.configFile): the image cluster zzzzz runs on is not"
                + " known, so no rule keeps it.");
    }

    @Test
    void anEntryWithoutRegionIsNamedBeforeAnyCall() throws IOException {
        ImageRecord noRegion = new ImageRecord("aws", CLUSTER, "ami-0fedcba9876543210", null, null, null,
                NOW.minus(Duration.ofDays(90)), "1.11.2", null, null, null, null, null, null);
        Ledger.read(ledgerFile).append(noRegion);
        byte[] before = Files.readAllBytes(ledgerFile);
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledgerFile + ": the entry of ami-0fedcba9876543210 (aws, built"
                        + " 2026-09-02T12:00:00Z) lacks \"region\", which deleting it needs: add it by hand, or remove"
                        + " the entry if the image is gone.");
        assertThat(Files.readAllBytes(ledgerFile)).isEqualTo(before);
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isTrue();
    }

    @Test
    void twoPrunesAtOnceLeaveALedgerListingEveryDeletion() throws Exception {
        RecordingLog other = new RecordingLog();
        PruneRequest request = new PruneRequest(ledgerFile, null, null, "aws", 1, Duration.ofDays(7), true, true);
        CompletableFuture<List<PrunePlan>> first = CompletableFuture.supplyAsync(() -> run(pruner(log), request));
        CompletableFuture<List<PrunePlan>> second = CompletableFuture.supplyAsync(() -> run(pruner(other), request));
        first.get();
        second.get();
        assertThat(stored(old).deleted()).containsExactlyInAnyOrderElementsOf(everythingOfOld());
        assertThat(ec2.hasImage(EAST, oldEast.imageId())).isFalse();
        assertThat(ec2.hasImage(EAST, middleEast.imageId())).isFalse();
        assertThat(stored(middle).deleted()).contains(EAST + ":" + middleEast.imageId());
    }

    /** Both AMIs of {@code old} and the snapshots they map, as the ledger names them. */
    private List<String> everythingOfOld() {
        List<String> all = new ArrayList<>(List.of(EAST + ":" + oldEast.imageId(), WEST + ":" + oldWest.imageId()));
        oldEast.snapshots().forEach(snapshot -> all.add(EAST + ":" + snapshot));
        oldWest.snapshots().forEach(snapshot -> all.add(WEST + ":" + snapshot));
        return all;
    }

    @Test
    void aBuildListedTwiceEndsWithEveryDeletionAndPrunedAtInBothEntries() throws IOException {
        Ledger.read(ledgerFile).append(old); // a merged ledger, or the entry to add by hand added twice
        prune(true);
        List<ImageRecord> entries = Ledger.read(ledgerFile).images().stream().filter(old::isSameBuild).toList();
        assertThat(entries).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.deleted()).containsExactlyInAnyOrderElementsOf(everythingOfOld());
            assertThat(entry.snapshots()).hasSize(oldEast.snapshots().size() + oldWest.snapshots().size());
            assertThat(entry.prunedAt()).isEqualTo(NOW);
        });
        assertThat(ec2.hasImage(WEST, oldWest.imageId())).isFalse();
    }

    private static List<PrunePlan> run(Pruner pruner, PruneRequest request) {
        try {
            return pruner.run(request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEntryRemovedWhileItsAmiIsDeregisteredSaysTheAmiIsGoneAlready() throws IOException {
        Pruner pruner = new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new RemovingEntryDeleter(
                new AwsImageDeleter(() -> CREDENTIALS, ec2.endpoint(), new RunDeadline(Duration.ofMinutes(5)), log), ledgerFile));
        assertThatThrownBy(() -> pruner.run(new PruneRequest(ledgerFile, null, null, "aws", 2, Duration.ofDays(7),
                true, true)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessage(old.imageId() + " (aws, built 2026-10-22T12:00:00Z): eu-west-1:" + oldWest.imageId()
                        + " is deleted already. The image ledger " + ledgerFile + " no longer holds " + old.imageId()
                        + " (aws, cluster zzzzz, built 2026-10-22T12:00:00Z): restore it from version control and run"
                        + " prune-images again to record and delete the rest.");
        assertThat(ec2.hasImage(WEST, oldWest.imageId())).isFalse();
    }

    /** Removes the entry from the ledger file once its snapshots are recorded, as a hand edit or a checkout would. */
    private record RemovingEntryDeleter(ImageDeleter delegate, Path ledgerFile) implements ImageDeleter {
        @Override
        public List<String> planned(ImageRecord image) {
            return delegate.planned(image);
        }

        @Override
        public List<Left> delete(ImageRecord image, Progress progress) throws IOException {
            return delegate.delete(image, new Progress() {
                @Override
                public boolean mayDelete(String resource) {
                    return progress.mayDelete(resource);
                }

                @Override
                public void mapped(List<String> snapshots) throws IOException {
                    progress.mapped(snapshots);
                    String text = Files.readString(ledgerFile);
                    Ledger ledger = Ledger.read(ledgerFile);
                    List<ImageRecord> rest = ledger.images().stream().filter(i -> !i.isSameBuild(image)).toList();
                    Files.delete(ledgerFile);
                    for (ImageRecord kept : rest) {
                        Ledger.read(ledgerFile).append(kept);
                    }
                    assertThat(Files.readString(ledgerFile)).isNotEqualTo(text);
                }

                @Override
                public void deleted(String resource) throws IOException {
                    progress.deleted(resource);
                }
            });
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void anUnwritableLedgerIsFoundBeforeTheFirstCloudCall() throws Exception {
        Process chattr = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(chattr.waitFor() == 0, "chattr +i works on this filesystem");
        try {
            assertThatThrownBy(() -> prune(true))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): cannot write " + ledgerFile);
            assertThat(ec2.hasImage(EAST, oldEast.imageId())).isTrue();
        } finally {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        }
    }

    @Test
    void thePlanOfAnImageWhoseAmisAreDeletedNamesTheSnapshotsLeft() throws IOException {
        ImageRecord half = old.withDeleted(EAST + ":" + oldEast.imageId()).withDeleted(WEST + ":" + oldWest.imageId());
        try (AwsImageDeleter deleter = new AwsImageDeleter(() -> CREDENTIALS, ec2.endpoint(), new RunDeadline(Duration.ofMinutes(1)), log)) {
            assertThat(deleter.planned(half)).containsExactly("the snapshots left of " + oldWest.imageId() + ", "
                    + oldEast.imageId() + " (deregistered already) tagged arvados_cluster=zzzzz, arvados_inputs_hash="
                    + hash(40));
        }
    }
}
