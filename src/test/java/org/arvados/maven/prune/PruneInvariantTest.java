package org.arvados.maven.prune;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.prune.sdk.AwsImageDeleter;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.arvados.maven.prune.MotoEc2.CREDENTIALS;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant, over random ledgers and config.yml choices against moto: prune-images deletes no AMI or snapshot
 * that config.yml's ImageID or an entry it keeps names (with the snapshots those AMIs map), and marks pruned only
 * entries whose AMIs and snapshots moto had and no longer has. What is kept is worked out by the test from the ledger
 * and the keep, minAge, cloudtest and config.yml rules, not taken from the plan. AWS only: Azure's and GCP's
 * stand-ins answer as scripted and keep no state, so AzurePruneTest and GcpPruneTest cover those clouds. {@value #CASES} cases per build; {@code -Darvados.prune.invariantCases=N} (and the
 * longer run under bench/) runs more, {@code -Darvados.prune.invariantSeed=S} repeats one.
 */
class PruneInvariantTest {
    static final int CASES = 8;
    private static final String EAST = "us-east-1";
    private static final String WEST = "eu-west-1";
    private static final List<String> CLUSTERS = List.of("zzzzz", "yyyyy");
    private static MotoEc2 ec2;

    @TempDir
    Path dir;

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

    @Test
    void noPruneDeletesWhatIsInUseOrKept() throws Exception {
        int cases = Integer.getInteger("arvados.prune.invariantCases", CASES);
        long seed = Long.getLong("arvados.prune.invariantSeed", new Random().nextLong());
        for (int i = 0; i < cases; i++) {
            long caseSeed = seed + i;
            runCase(new Random(caseSeed), caseSeed);
        }
    }

    /** One AMI as built: its region and the snapshots it maps. */
    private record Built(String region, String ami, List<String> snapshots) {
    }

    private void runCase(Random random, long seed) throws Exception {
        ec2.reset();
        Path ledgerFile = Files.createTempFile(dir, "ledger-", ".json");
        Files.delete(ledgerFile);
        List<ImageRecord> entries = new ArrayList<>();
        Map<String, Built> amis = new TreeMap<>();
        int builds = 2 + random.nextInt(5);
        for (int b = 0; b < builds; b++) {
            String cluster = CLUSTERS.get(random.nextInt(4) == 0 ? 1 : 0);
            String hash = String.format("%064x", random.nextLong() & Long.MAX_VALUE);
            Map<String, String> tags = Map.of(AwsImages.CLUSTER_TAG, cluster, AwsImages.INPUTS_HASH_TAG, hash);
            MotoEc2.Ami east = ec2.build(EAST, tags);
            amis.put(east.imageId(), new Built(EAST, east.imageId(), east.snapshots()));
            Map<String, String> regions = new TreeMap<>(Map.of(EAST, east.imageId()));
            if (random.nextBoolean()) {
                MotoEc2.Ami west = ec2.copy(east, WEST, tags);
                amis.put(west.imageId(), new Built(WEST, west.imageId(), west.snapshots()));
                regions.put(WEST, west.imageId());
            }
            // builtAt from 90 days ago to 2 days in the future (a skewed clock)
            long hoursAgo = random.nextInt(24 * 92) - 48;
            // b + 1 minutes more: no two builds share a builtAt, so "the newest" is one build, as in a real ledger
            ImageRecord entry = new ImageRecord("aws", cluster, east.imageId(), EAST, regions, null,
                    NOW.minus(Duration.ofHours(hoursAgo)).minus(Duration.ofMinutes(b + 1)), "1.11.2", random.nextInt(5) == 0 ? null : hash, null, null,
                    null, null, null);
            if (random.nextInt(3) == 0) {
                entry = entry.withCloudtest(new ImageRecord.Cloudtest(random.nextBoolean(), entry.builtAt(), 60, null,
                        List.of()));
            }
            entries.add(entry);
            if (random.nextInt(4) == 0) {
                entries.add(entry); // the same build twice (a merged ledger)
            }
            if (regions.size() > 1 && random.nextInt(4) == 0) {
                // a hand-added entry naming only the copy, built at another moment
                entries.add(new ImageRecord("aws", cluster, regions.get(WEST), WEST, Map.of(WEST, regions.get(WEST)),
                        null, entry.builtAt().minus(Duration.ofDays(1 + random.nextInt(30))), "1.11.2", hash, null, null,
                        null, null, null));
            }
        }
        if (random.nextInt(4) == 0) {
            entries.add(new ImageRecord("aws", "zzzzz", "ami-0123456789abcdef0", EAST, null, null,
                    NOW.minus(Duration.ofDays(random.nextInt(90))), "1.11.2", null, null, null, null, null, null));
        }
        if (random.nextInt(6) == 0) {
            entries.add(new ImageRecord("aws", "zzzzz", "ami-0fedcba9876543210", null, null, null,
                    NOW.minus(Duration.ofDays(200)), "1.11.2", null, null, null, null, null, null));
        }
        entries.add(new ImageRecord("gcp", "zzzzz", "arvados-zzzzz-compute-1", "us-central1-f", null, null,
                NOW.minus(Duration.ofDays(120)), "1.11.2", null, null, null, null, null, null));
        Collections.shuffle(entries, random);
        for (ImageRecord entry : entries) {
            Ledger.read(ledgerFile).append(entry);
        }

        List<String> ids = new ArrayList<>(amis.keySet());
        String inUse = switch (random.nextInt(4)) {
            case 0 -> null; // config.yml not read
            case 1 -> "ami-0aaaaaaaaaaaaaaaa"; // an image the ledger does not know
            default -> ids.get(random.nextInt(ids.size()));
        };
        Path config = null;
        if (inUse != null) {
            config = dir.resolve("config-" + seed + ".yml");
            Files.writeString(config, "Clusters:\n  zzzzz:\n    Containers:\n      CloudVMs:\n        ImageID: " + inUse
                    + "\n");
        }
        int keep = 1 + random.nextInt(2);
        Duration minAge = Duration.ofDays(1 + random.nextInt(10));
        Set<String> before = existing(amis);
        Set<String> expectedPruned = prunedByTheRules(entries, inUse, keep, minAge);
        boolean expectRefusal = entries.stream().anyMatch(entry -> expectedPruned.contains(build(entry))
                && entry.region() == null);
        RecordingLog log = new RecordingLog();
        List<PrunePlan> plans;
        try {
            plans = new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), cloud -> new AwsImageDeleter(() -> CREDENTIALS,
                    ec2.endpoint(), new RunDeadline(Duration.ofMinutes(5)), log))
                    .run(new PruneRequest(ledgerFile, config, config == null ? "zzzzz" : null, "aws", keep, minAge,
                            true, true));
        } catch (InvalidInputException refused) {
            assertThat(expectRefusal).as("seed %d: refused (%s)", seed, refused.getMessage()).isTrue();
            assertThat(existing(amis)).as("seed %d: a refused run deletes nothing (%s)", seed, refused.getMessage())
                    .isEqualTo(before);
            return;
        }
        assertThat(expectRefusal).as("seed %d: an entry without region to prune, yet not refused", seed).isFalse();
        assertThat(plans.get(0).toPrune()).as("seed %d: the plan against the rules; log:\n%s", seed, log.all())
                .extracting(PruneInvariantTest::build).containsExactlyInAnyOrderElementsOf(expectedPruned);
        Set<String> gone = new HashSet<>(before);
        gone.removeAll(existing(amis));

        Set<String> protectedIds = new HashSet<>();
        if (inUse != null) {
            protectedIds.addAll(withSnapshots(Set.of(inUse), amis));
        }
        for (ImageRecord entry : entries) {
            if (!expectedPruned.contains(build(entry))) {
                protectedIds.addAll(withSnapshots(PrunePlan.names(entry), amis));
            }
        }
        assertThat(gone).as("seed %d: deleted and in use or kept; log:\n%s", seed, log.all())
                .doesNotContainAnyElementsOf(protectedIds);
        for (ImageRecord entry : Ledger.read(ledgerFile).images()) {
            if (entry.prunedAt() != null) {
                // every AMI and snapshot it names was in moto and is gone: an AMI moto never had is not gone
                assertThat(withSnapshots(PrunePlan.names(entry), amis)).as("seed %d: pruned yet not seen gone: %s; log:"
                        + "\n%s", seed, entry, log.all()).allMatch(gone::contains);
                assertThat(expectedPruned).as("seed %d: marked pruned against the rules: %s", seed, entry)
                        .contains(build(entry));
            }
        }
    }

    /** A build as the ledger tells builds apart (duplicates of one entry are one build). */
    private static String build(ImageRecord entry) {
        return entry.cloud() + "/" + entry.clusterId() + "/" + entry.imageId() + "@" + entry.builtAt();
    }

    /**
     * The builds of zzzzz's AWS entries that no rule keeps, worked out here from the ledger and the request, not by
     * PrunePlan: each build still unpruned is kept when it is one of the {@code keep} newest, younger than
     * {@code minAge}, the newest whose latest cloudtest passed, or named by config.yml's ImageID (its AMI or a copy);
     * then, until nothing changes, when it names an AMI that a kept build or config.yml names.
     */
    private static Set<String> prunedByTheRules(List<ImageRecord> entries, String inUse, int keep, Duration minAge) {
        Map<String, ImageRecord> byBuild = new TreeMap<>();
        entries.stream().filter(entry -> entry.cloud().equals("aws") && entry.clusterId().equals("zzzzz")
                && entry.prunedAt() == null).forEach(entry -> byBuild.putIfAbsent(build(entry), entry));
        List<ImageRecord> newestFirst = new ArrayList<>(byBuild.values());
        newestFirst.sort((a, b) -> b.builtAt().compareTo(a.builtAt()));
        ImageRecord newestPassed = newestFirst.stream().filter(entry -> !entry.cloudtests().isEmpty()
                && entry.cloudtests().get(entry.cloudtests().size() - 1).passed()).findFirst().orElse(null);
        Set<String> keptAmis = new HashSet<>();
        if (inUse != null) {
            keptAmis.add(inUse);
        }
        Set<String> pruned = new HashSet<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            ImageRecord entry = newestFirst.get(i);
            if (i < keep || entry.builtAt().isAfter(NOW.minus(minAge)) || entry == newestPassed
                    || amisOf(entry).contains(inUse)) {
                keptAmis.addAll(amisOf(entry));
            } else {
                pruned.add(build(entry));
            }
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (ImageRecord entry : newestFirst) {
                if (pruned.contains(build(entry)) && amisOf(entry).stream().anyMatch(keptAmis::contains)) {
                    pruned.remove(build(entry));
                    keptAmis.addAll(amisOf(entry));
                    changed = true;
                }
            }
        }
        return pruned;
    }

    private static Set<String> amisOf(ImageRecord entry) {
        Set<String> amis = new HashSet<>(entry.regions().values());
        amis.add(entry.imageId());
        return amis;
    }

    /** {@code ids} and the snapshots moto made for those of them that are its AMIs. */
    private static Set<String> withSnapshots(Set<String> ids, Map<String, Built> amis) {
        Set<String> all = new HashSet<>(ids);
        ids.stream().filter(amis::containsKey).forEach(ami -> all.addAll(amis.get(ami).snapshots()));
        return all;
    }

    /** The AMIs and snapshots among {@code amis} that moto still has. */
    private static Set<String> existing(Map<String, Built> amis) {
        Set<String> existing = new HashSet<>();
        for (Built built : amis.values()) {
            if (ec2.hasImage(built.region(), built.ami())) {
                existing.add(built.ami());
            }
            for (String snapshot : built.snapshots()) {
                if (ec2.hasSnapshot(built.region(), snapshot)) {
                    existing.add(snapshot);
                }
            }
        }
        return existing;
    }
}
