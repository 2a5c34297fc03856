package org.arvados.maven.prune;

import org.arvados.maven.common.Durations;
import org.arvados.maven.ledger.ImageRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What prune-images does with one cluster's images on one cloud: each image still in the cloud, newest first,
 * with the reasons it is kept; one without reasons is pruned. Entries already pruned are history, no candidates.
 */
public record PrunePlan(String cloud, String clusterId, List<Verdict> verdicts, int alreadyPruned) {
    public PrunePlan {
        verdicts = List.copyOf(verdicts);
    }

    /** One image and why it stays; no reasons: it goes. */
    public record Verdict(ImageRecord image, List<String> keptBecause) {
        public Verdict {
            keptBecause = List.copyOf(keptBecause);
        }

        public boolean pruned() {
            return keptBecause.isEmpty();
        }
    }

    /**
     * Plans for the ledger entries of {@code cloud} and {@code clusterId} in {@code images}.
     *
     * @param inUse the entry config.yml's ImageID names, if any
     */
    public static PrunePlan of(String cloud, String clusterId, List<ImageRecord> images, int keep, Duration minAge,
                               Instant now, Optional<ImageRecord> inUse) {
        List<ImageRecord> mine = images.stream().filter(image -> image.isFor(cloud, clusterId)).toList();
        List<ImageRecord> candidates = mine.stream().filter(image -> image.prunedAt() == null)
                .sorted(Comparator.comparing(ImageRecord::builtAt).reversed()).toList();
        Optional<ImageRecord> newestPass = candidates.stream()
                .filter(image -> image.latestCloudtest().map(ImageRecord.Cloudtest::passed).orElse(false))
                .findFirst();
        Instant youngSince = now.minus(minAge);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ImageRecord image = candidates.get(i);
            List<String> reasons = new ArrayList<>();
            if (i < keep) {
                reasons.add("one of the " + keep + " newest");
            }
            if (inUse.filter(image::isSameBuild).isPresent()) {
                reasons.add("config.yml's ImageID");
            }
            if (newestPass.filter(image::isSameBuild).isPresent()) {
                reasons.add("the newest that passed cloudtest (" + image.latestCloudtest().orElseThrow().at() + ")");
            }
            if (image.builtAt().isAfter(youngSince)) {
                reasons.add("younger than minAge " + Durations.describe(minAge));
            }
            verdicts.add(new Verdict(image, reasons));
        }
        return new PrunePlan(cloud, clusterId, verdicts, mine.size() - candidates.size());
    }

    public List<ImageRecord> toPrune() {
        return verdicts.stream().filter(Verdict::pruned).map(Verdict::image).toList();
    }
}
