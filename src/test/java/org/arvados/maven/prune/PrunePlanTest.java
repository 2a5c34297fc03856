package org.arvados.maven.prune;

import org.arvados.maven.config.ImageInUse;
import org.arvados.maven.ledger.ImageRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.arvados.maven.prune.PruneFixtures.ami;
import static org.arvados.maven.prune.PruneFixtures.tested;
import static org.assertj.core.api.Assertions.assertThat;

class PrunePlanTest {
    private static final Duration WEEK = Duration.ofDays(7);

    private static ImageInUse inUse(String imageId) {
        return new ImageInUse(CLUSTER, imageId, null);
    }

    private static List<ImageRecord> pruned(PrunePlan plan) {
        return plan.toPrune();
    }

    private static List<String> reasons(PrunePlan plan, ImageRecord image) {
        return plan.verdicts().stream().filter(v -> v.image().isSameBuild(image)).findFirst().orElseThrow().keptBecause();
    }

    @Test
    void keepsTheNewestAndPrunesTheRestNewestFirst() {
        List<ImageRecord> images = List.of(ami(40), ami(30), ami(20), ami(10), ami(50));
        PrunePlan plan = PrunePlan.of("aws", CLUSTER, images, 3, WEEK, NOW, null);
        assertThat(plan.verdicts()).extracting(v -> v.image().builtAt())
                .containsExactly(ami(10).builtAt(), ami(20).builtAt(), ami(30).builtAt(), ami(40).builtAt(), ami(50).builtAt());
        assertThat(pruned(plan)).containsExactly(ami(40), ami(50));
        assertThat(reasons(plan, ami(30))).containsExactly("one of the 3 newest");
    }

    @Test
    void keepsTheImageConfigYmlUses() {
        List<ImageRecord> images = List.of(ami(40), ami(30), ami(20), ami(10));
        PrunePlan plan = PrunePlan.of("aws", CLUSTER, images, 1, WEEK, NOW, inUse(ami(30).imageId()));
        assertThat(pruned(plan)).containsExactly(ami(20), ami(40));
        assertThat(reasons(plan, ami(30))).containsExactly("config.yml's ImageID");
    }

    @Test
    void keepsTheNewestWhoseLatestCloudtestPassed() {
        ImageRecord failedLast = tested(ami(20), true, false);
        ImageRecord passed = tested(ami(30), true);
        ImageRecord olderPass = tested(ami(40), true);
        PrunePlan plan = PrunePlan.of("aws", CLUSTER, List.of(olderPass, passed, failedLast, ami(10)), 1, WEEK, NOW,
                null);
        assertThat(pruned(plan)).containsExactly(failedLast, olderPass);
        assertThat(reasons(plan, passed)).singleElement().asString().startsWith("the newest that passed cloudtest");
    }

    @Test
    void keepsEveryImageYoungerThanMinAge() {
        PrunePlan plan = PrunePlan.of("aws", CLUSTER, List.of(ami(1), ami(5), ami(12), ami(20)), 1, Duration.ofDays(10),
                NOW, null);
        assertThat(pruned(plan)).containsExactly(ami(12), ami(20));
        assertThat(reasons(plan, ami(5))).containsExactly("younger than minAge 240h");
        assertThat(reasons(plan, ami(1))).containsExactly("one of the 1 newest", "younger than minAge 240h");
    }

    @Test
    void prunedEntriesAreHistoryNotCandidatesAndOtherClustersAndCloudsAreNotTouched() {
        ImageRecord gone = ami(5).withDeleted("us-east-1:ami-00000000000000005").withPrunedAt(NOW.minus(Duration.ofDays(1)));
        ImageRecord otherCluster = new ImageRecord("aws", "yyyyy", "ami-0aaaaaaaaaaaaaaaa", "us-east-1", null, null,
                NOW.minus(Duration.ofDays(90)), "1.11.2", null, null, null, null, null, null);
        ImageRecord otherCloud = new ImageRecord("gcp", CLUSTER, "arvados-zzzzz-compute-1", "us-central1-f", null, null,
                NOW.minus(Duration.ofDays(90)), "1.11.2", null, null, null, null, null, null);
        PrunePlan plan = PrunePlan.of("aws", CLUSTER, List.of(gone, ami(20), ami(30), otherCluster, otherCloud), 1, WEEK,
                NOW, null);
        assertThat(plan.alreadyPruned()).isEqualTo(1);
        assertThat(plan.verdicts()).extracting(PrunePlan.Verdict::image).containsExactly(ami(20), ami(30));
        assertThat(pruned(plan)).containsExactly(ami(30));
    }
}
