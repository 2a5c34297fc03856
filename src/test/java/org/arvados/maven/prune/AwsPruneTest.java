package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.arvados.maven.prune.PruneFixtures.ami;
import static org.arvados.maven.prune.PruneFixtures.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prune-images on AWS, through the real SDK against the EC2 stand-in reached as {@code <aws><endpoint>}. */
class AwsPruneTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    /** Built 40 days ago, copied to eu-west-1: pruned with keep 1 beside the two newer ones below. */
    private static final ImageRecord OLD = ami(40, Map.of(EAST, "ami-0000000000000e040", WEST, "ami-0000000000000a040"));

    @TempDir
    Path dir;
    private Ec2StandIn ec2;
    private Path ledgerFile;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws IOException {
        ec2 = new Ec2StandIn();
        ledgerFile = dir.resolve("arvados-images.json");
        for (ImageRecord image : List.of(OLD, ami(20), ami(10))) {
            Ledger.read(ledgerFile).append(image);
        }
        Map<String, String> tags = builtTags(OLD);
        ec2.image(EAST, "ami-0000000000000e040", "snap-0000000000000e040", "snap-0000000000000e041");
        ec2.snapshot(EAST, "snap-0000000000000e040", "Created by CreateImage(i-0123456789abcdef0) for ami-0000000000000e040", tags);
        // A second volume someone attached from a snapshot of their own: not the build's, so it stays.
        ec2.snapshot(EAST, "snap-0000000000000e041", "backup of the scratch volume", Map.of("team", "ops"));
        ec2.image(WEST, "ami-0000000000000a040", "snap-0000000000000a040");
        ec2.snapshot(WEST, "snap-0000000000000a040", "Copied for DestinationAmi ami-0000000000000a040 from SourceAmi"
                + " ami-0000000000000e040 for SourceSnapshot snap-0000000000000e040. Task created on 1,764,000,000,000.", tags);
    }

    @AfterEach
    void tearDown() {
        ec2.close();
    }

    private static Map<String, String> builtTags(ImageRecord image) {
        return Map.of("Name", "arvados-zzzzz-compute", "arvados_cluster", CLUSTER, "arvados_inputs_hash",
                image.inputsHash(), "creation_time", "2026-10-22T12:00:00Z");
    }

    private void prune(boolean confirm) throws IOException {
        Pruner pruner = new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud ->
                new AwsImageDeleter(() -> Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET),
                        ec2.endpoint(), log));
        pruner.run(new PruneRequest(ledgerFile, null, null, "aws", 1, Duration.ofDays(7), confirm));
    }

    private ImageRecord entry(ImageRecord image) throws IOException {
        return Ledger.read(ledgerFile).images().stream().filter(image::isSameBuild).findFirst().orElseThrow();
    }

    @Test
    void withoutConfirmPrintsThePlanAndCallsNothing() throws IOException {
        byte[] before = Files.readAllBytes(ledgerFile);
        prune(false);
        assertThat(ec2.calls()).isEmpty();
        assertThat(Files.readAllBytes(ledgerFile)).isEqualTo(before);
        assertThat(log.all()).contains(
                "keep  ami-0000000000000000a (aws, built 2026-11-21T12:00:00Z): one of the 1 newest",
                "prune ami-00000000000000014 (aws, built 2026-11-11T12:00:00Z): kept by no rule; would delete"
                        + " us-east-1:ami-00000000000000014, and their snapshots tagged arvados_cluster=zzzzz,"
                        + " arvados_inputs_hash=" + hash(20),
                "prune ami-0000000000000e040 (aws, built 2026-10-22T12:00:00Z): kept by no rule; would delete"
                        + " eu-west-1:ami-0000000000000a040, us-east-1:ami-0000000000000e040, and their snapshots",
                "Nothing deleted: this is the plan. To delete the 2 image(s) marked prune, run again with"
                        + " -Darvados.prune.confirm=true.");
    }

    @Test
    void deregistersEveryCopyAndDeletesItsTaggedSnapshotsOnly() throws IOException {
        prune(true);
        assertThat(ec2.hasImage(EAST, "ami-0000000000000e040")).isFalse();
        assertThat(ec2.hasImage(WEST, "ami-0000000000000a040")).isFalse();
        assertThat(ec2.hasSnapshot(EAST, "snap-0000000000000e040")).isFalse();
        assertThat(ec2.hasSnapshot(WEST, "snap-0000000000000a040")).isFalse();
        assertThat(ec2.hasSnapshot(EAST, "snap-0000000000000e041")).as("untagged snapshot").isTrue();
        assertThat(log.all()).contains("us-east-1:snap-0000000000000e041 of us-east-1:ami-0000000000000e040 lacks the"
                + " build's tags (arvados_cluster, arvados_inputs_hash): not made by this plugin for cluster zzzzz, so it"
                + " is left alone.");
        ImageRecord old = entry(OLD);
        assertThat(old.deleted()).containsExactly("eu-west-1:ami-0000000000000a040", "eu-west-1:snap-0000000000000a040",
                "us-east-1:ami-0000000000000e040", "us-east-1:snap-0000000000000e040");
        assertThat(old.prunedAt()).isEqualTo(NOW);
        // Each region's calls went to that region, signed with the configured key.
        assertThat(ec2.calls()).filteredOn(call -> call.parameters().containsValue("ami-0000000000000a040"))
                .extracting(Ec2StandIn.Call::region).containsOnly(WEST);
        assertThat(ec2.calls()).extracting(Ec2StandIn.Call::accessKeyId).containsOnly(KEY_ID);
        // The image of 20 days ago had no AMI left in the stand-in: gone already counts as pruned.
        assertThat(entry(ami(20)).prunedAt()).isEqualTo(NOW);
        assertThat(entry(ami(20)).deleted()).isEmpty();
        assertThat(log.all()).contains("us-east-1:ami-00000000000000014 is gone already");
        assertThat(entry(ami(10)).prunedAt()).isNull();
        assertThat(ec2.requestTexts()).noneMatch(text -> text.contains(SECRET));
    }

    @Test
    void anImageGoneBeforeLeavesItsTaggedSnapshotsToBeFoundByTheirDescription() throws IOException {
        ec2.snapshot(EAST, "snap-00000000000000020", "Created by CreateImage(i-0123456789abcdef0) for"
                + " ami-00000000000000014", builtTags(ami(20)));
        ec2.snapshot(EAST, "snap-00000000000000021", "Created by CreateImage(i-0123456789abcdef0) for"
                + " ami-00000000000000014", Map.of("arvados_cluster", "yyyyy"));
        prune(true);
        assertThat(entry(ami(20)).deleted()).containsExactly("us-east-1:snap-00000000000000020");
        assertThat(entry(ami(20)).prunedAt()).isEqualTo(NOW);
        assertThat(ec2.hasSnapshot(EAST, "snap-00000000000000021")).as("another cluster's").isTrue();
    }

    @Test
    void aFailedCallMidwayLeavesTheLedgerSayingExactlyWhatWasDeletedAndARerunFinishes() throws IOException {
        ec2.fail("DeleteSnapshot", "snap-0000000000000a040", "UnauthorizedOperation");
        assertThatThrownBy(() -> prune(true))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("Pruning image ami-0000000000000e040 (aws, built 2026-10-22T12:00:00Z):"
                        + " DeleteSnapshot eu-west-1:snap-0000000000000a040 failed: UnauthorizedOperation: You are not"
                        + " authorized to perform this operation.")
                .hasMessageContaining("lists what was deleted (eu-west-1:ami-0000000000000a040)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        ImageRecord old = entry(OLD);
        assertThat(old.deleted()).containsExactly("eu-west-1:ami-0000000000000a040");
        assertThat(old.prunedAt()).isNull();
        assertThat(ec2.hasImage(EAST, "ami-0000000000000e040")).as("not reached").isTrue();
        assertThat(log.all()).doesNotContain(SECRET);

        // The AMI is gone now; the rerun finds its snapshot by its description and finishes.
        prune(true);
        assertThat(entry(OLD).deleted()).containsExactly("eu-west-1:ami-0000000000000a040",
                "eu-west-1:snap-0000000000000a040", "us-east-1:ami-0000000000000e040", "us-east-1:snap-0000000000000e040");
        assertThat(entry(OLD).prunedAt()).isEqualTo(NOW);
        assertThat(ec2.hasSnapshot(WEST, "snap-0000000000000a040")).isFalse();
    }

    @Test
    void theImageConfigYmlUsesIsKeptEvenByItsCopysId() throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        Driver: ec2\n"
                + "        ImageID: ami-0000000000000a040\n        DriverParameters:\n          Region: eu-west-1\n");
        new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new AwsImageDeleter(() -> Map.of("AWS_ACCESS_KEY_ID",
                KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET), ec2.endpoint(), log))
                .run(new PruneRequest(ledgerFile, config, null, null, 1, Duration.ofDays(7), true));
        assertThat(log.all()).contains("keep  ami-0000000000000e040 (aws, built 2026-10-22T12:00:00Z): config.yml's ImageID");
        assertThat(entry(OLD).prunedAt()).isNull();
        assertThat(ec2.hasImage(WEST, "ami-0000000000000a040")).isTrue();
        assertThat(entry(ami(20)).prunedAt()).as("not used, not newest").isEqualTo(NOW);
    }

    @Test
    void aFailedDescribeNamesTheImageAndTheCallAndDeletesNothing() throws IOException {
        ec2.fail("DescribeImages", "ami-0000000000000a040", "AuthFailure");
        assertThatThrownBy(() -> prune(true))
                .hasMessageStartingWith("Pruning image ami-0000000000000e040 (aws, built 2026-10-22T12:00:00Z):"
                        + " DescribeImages eu-west-1:ami-0000000000000a040 failed: ")
                .hasMessageContaining("lists what was deleted (nothing)");
        assertThat(entry(OLD).deleted()).isEmpty();
        assertThat(entry(OLD).prunedAt()).isNull();
    }
}
