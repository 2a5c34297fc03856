package org.arvados.maven.prune;

import org.arvados.maven.ledger.ImageRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Ledger entries as the image goals write them, built a number of days before {@link #NOW}. */
final class PruneFixtures {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final String CLUSTER = "zzzzz";

    private PruneFixtures() {
    }

    /** An AWS image built {@code daysAgo} before NOW, with copies region -> AMI. */
    static ImageRecord ami(int daysAgo, Map<String, String> regions) {
        String buildRegion = regions.containsKey("us-east-1") ? "us-east-1" : regions.keySet().iterator().next();
        return new ImageRecord("aws", CLUSTER, regions.get(buildRegion), buildRegion, regions, null,
                NOW.minus(Duration.ofDays(daysAgo)), "1.11.2", hash(daysAgo), "target/arvados/aws/template.json", null,
                null, null, null);
    }

    static ImageRecord ami(int daysAgo) {
        return ami(daysAgo, Map.of("us-east-1", String.format("ami-%017x", daysAgo)));
    }

    static String hash(int daysAgo) {
        return String.format("%064x", daysAgo);
    }

    static ImageRecord tested(ImageRecord image, boolean... results) {
        ImageRecord tested = image;
        for (boolean passed : results) {
            tested = tested.withCloudtest(new ImageRecord.Cloudtest(passed, image.builtAt().plusSeconds(600), 300,
                    null, passed ? List.of() : List.of("cloudtest: boot probe failed")));
        }
        return tested;
    }
}
