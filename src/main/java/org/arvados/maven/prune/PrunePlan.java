package org.arvados.maven.prune;

import org.arvados.maven.common.Durations;
import org.arvados.maven.config.ImageInUse;
import org.arvados.maven.ledger.ImageRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What prune-images does with one cluster's images on one cloud: each build still in the cloud, newest first,
 * with the reasons it is kept; one without reasons is pruned. Entries already pruned are history, no candidates;
 * entries of the same build (a merged ledger can hold one twice) get one verdict.
 *
 * <p>An entry is never pruned while it names a resource (an image, a copy, a snapshot, a gallery version) that a
 * kept entry or config.yml's ImageID names: deleting it through the one would take it from the other.</p>
 *
 * @param inUseRead whether config.yml was read, so that its ImageID is among the rules applied
 */
public record PrunePlan(String cloud, String clusterId, List<Verdict> verdicts, int alreadyPruned, boolean inUseRead,
                        Set<String> keptNames) {
    public PrunePlan {
        verdicts = List.copyOf(verdicts);
        keptNames = Set.copyOf(keptNames);
    }

    /** One build and why it stays; no reasons: it goes. */
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
     * @param inUse what config.yml's ImageID names; null where config.yml was not read
     */
    public static PrunePlan of(String cloud, String clusterId, List<ImageRecord> images, int keep, Duration minAge,
                               Instant now, ImageInUse inUse) {
        List<ImageRecord> mine = images.stream().filter(image -> image.isFor(cloud, clusterId)).toList();
        List<ImageRecord> candidates = distinctBuilds(mine.stream().filter(image -> image.prunedAt() == null)
                .sorted(Comparator.comparing(ImageRecord::builtAt).reversed()).toList());
        Optional<ImageRecord> newestPass = candidates.stream()
                .filter(image -> image.latestCloudtest().map(ImageRecord.Cloudtest::passed).orElse(false))
                .findFirst();
        Instant youngSince = now.minus(minAge);
        List<List<String>> reasons = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ImageRecord image = candidates.get(i);
            List<String> because = new ArrayList<>();
            if (i < keep) {
                because.add("one of the " + keep + " newest");
            }
            if (inUse != null && inUse.names(image)) {
                because.add("config.yml's ImageID");
            }
            if (newestPass.filter(image::isSameBuild).isPresent()) {
                because.add("the newest that passed cloudtest (" + image.latestCloudtest().orElseThrow().at() + ")");
            }
            if (image.builtAt().isAfter(youngSince)) {
                because.add("younger than minAge " + Durations.describe(minAge));
            }
            reasons.add(because);
        }
        Set<String> kept = keepShared(candidates, reasons, inUse);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            verdicts.add(new Verdict(candidates.get(i), reasons.get(i)));
        }
        int alreadyPruned = (int) mine.stream().filter(image -> image.prunedAt() != null).count();
        return new PrunePlan(cloud, clusterId, verdicts, alreadyPruned, inUse != null, kept);
    }

    /**
     * Keeps every candidate that names a resource a kept one (or config.yml) names, until none is left to add;
     * returns every name kept.
     */
    private static Set<String> keepShared(List<ImageRecord> candidates, List<List<String>> reasons, ImageInUse inUse) {
        Set<String> kept = new LinkedHashSet<>();
        if (inUse != null) {
            kept.addAll(inUse.names());
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (!reasons.get(i).isEmpty()) {
                kept.addAll(names(candidates.get(i)));
            }
        }
        boolean added = true;
        while (added) {
            added = false;
            for (int i = 0; i < candidates.size(); i++) {
                Set<String> names = names(candidates.get(i));
                if (reasons.get(i).isEmpty() && names.stream().anyMatch(kept::contains)) {
                    reasons.get(i).add("names " + String.join(", ", names.stream().filter(kept::contains).toList())
                            + ", which a kept image or config.yml names too");
                    kept.addAll(names);
                    added = true;
                }
            }
        }
        return kept;
    }

    /** One entry per build, the first (newest) of each; a copy of the same build merges into it at deletion. */
    private static List<ImageRecord> distinctBuilds(List<ImageRecord> sorted) {
        List<ImageRecord> distinct = new ArrayList<>();
        for (ImageRecord image : sorted) {
            if (distinct.stream().noneMatch(image::isSameBuild)) {
                distinct.add(image);
            }
        }
        return distinct;
    }

    /**
     * The cloud resources an entry names, as the end of the resource names deleters report: the image, each
     * region copy, each recorded snapshot, the gallery version ({@code images/<definition>/versions/<version>}).
     */
    public static Set<String> names(ImageRecord image) {
        Set<String> names = new LinkedHashSet<>();
        names.add(image.imageId());
        names.addAll(image.regions().values());
        image.snapshots().forEach(snapshot -> names.add(snapshot.substring(snapshot.lastIndexOf(':') + 1)));
        if (image.gallery() != null && image.gallery().imageDefinition() != null
                && image.gallery().imageVersion() != null) {
            names.add(ImageInUse.galleryVersionName(image.gallery().imageDefinition(), image.gallery().imageVersion()));
        }
        return names;
    }

    /**
     * Whether a resource as a deleter names it ({@code us-east-1:snap-1}, {@code resourceGroups/rg/.../images/x})
     * is one a kept entry or config.yml names.
     */
    public boolean keeps(String resource) {
        return keptNames.stream().anyMatch(name -> resource.equals(name) || resource.endsWith(":" + name)
                || resource.endsWith("/" + name));
    }

    public List<ImageRecord> toPrune() {
        return verdicts.stream().filter(Verdict::pruned).map(Verdict::image).toList();
    }
}
