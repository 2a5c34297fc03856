package org.arvados.maven.prune;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.config.ImageInUse;
import org.arvados.maven.config.TargetCloud;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Plans which ledger images to prune, logs the plan, and with {@code confirm} deletes them cloud by cloud,
 * writing to the ledger after every deleted resource so that a run stopped anywhere leaves it exact.
 */
public final class Pruner {
    private final BuildLog log;
    private final Clock clock;
    private final Function<String, ImageDeleter> deleters;

    /** @param deleters each cloud's deleter; they call the cloud (and read credentials) only in delete */
    public Pruner(BuildLog log, Clock clock, Function<String, ImageDeleter> deleters) {
        this.log = log;
        this.clock = clock;
        this.deleters = deleters;
    }

    public void run(PruneRequest request) throws IOException {
        if (request.cloud() != null && TargetCloud.byId(request.cloud()).isEmpty()) {
            throw new InvalidInputException("<cloud> (arvados.cloud) is '" + request.cloud() + "': use aws, azure or"
                    + " gcp, or leave it unset for every cloud the ledger has images of.");
        }
        Ledger ledger = Ledger.read(request.ledgerFile());
        ImageInUse inUse = request.configFile() == null ? null
                : ImageInUse.read(request.configFile(), request.clusterId());
        String cluster = inUse != null ? inUse.clusterId()
                : request.clusterId() != null ? request.clusterId() : onlyCluster(ledger);
        if (cluster == null) {
            log.info("The ledger " + ledger.file() + " holds no images: nothing to prune.");
            return;
        }
        Collection<String> clouds = request.cloud() != null ? List.of(request.cloud()) : ledger.cloudsFor(cluster);
        Instant now = clock.instant();
        List<PrunePlan> plans = new ArrayList<>();
        for (String cloud : clouds) {
            Optional<ImageRecord> used = inUse == null ? Optional.empty() : inUse.entry(ledger, cloud);
            if (inUse != null && inUse.imageId() != null && used.isEmpty()) {
                log.info("config.yml's ImageID " + inUse.imageId() + " is no " + cloud + " image of cluster " + cluster
                        + " in the ledger: no image is kept for it.");
            }
            PrunePlan plan = PrunePlan.of(cloud, cluster, ledger.images(), request.keep(), request.minAge(), now, used);
            try (ImageDeleter deleter = deleters.apply(cloud)) {
                logPlan(plan, request, deleter);
                if (request.confirm()) {
                    for (ImageRecord image : plan.toPrune()) {
                        prune(ledger, deleter, image);
                    }
                }
            }
            plans.add(plan);
        }
        long pruned = plans.stream().mapToLong(plan -> plan.toPrune().size()).sum();
        if (!request.confirm()) {
            log.info("Nothing deleted: this is the plan. To delete the " + pruned + " image(s) marked prune, run again"
                    + " with -Darvados.prune.confirm=true.");
        } else {
            log.info("Pruned " + pruned + " image(s); the ledger " + ledger.file() + " records what was deleted.");
        }
    }

    /** The ledger's only cluster; null for an empty ledger. */
    private static String onlyCluster(Ledger ledger) {
        TreeSet<String> clusters = new TreeSet<>();
        ledger.images().forEach(image -> clusters.add(image.clusterId()));
        if (clusters.size() > 1) {
            throw new InvalidInputException("The ledger " + ledger.file() + " has images of clusters "
                    + String.join(", ", clusters) + ": set <clusterId> (arvados.clusterId) or <configFile>.");
        }
        return clusters.isEmpty() ? null : clusters.first();
    }

    private void logPlan(PrunePlan plan, PruneRequest request, ImageDeleter deleter) {
        log.info("Cluster " + plan.clusterId() + ", " + plan.cloud() + ": " + plan.verdicts().size() + " image(s) in the"
                + " cloud, " + plan.alreadyPruned() + " already pruned (kept in the ledger as history); keeping the "
                + request.keep() + " newest, config.yml's ImageID, the newest that passed cloudtest and those younger"
                + " than " + Durations.describe(request.minAge()) + ".");
        for (PrunePlan.Verdict verdict : plan.verdicts()) {
            ImageRecord image = verdict.image();
            if (verdict.pruned()) {
                log.info("  prune " + describe(image) + ": kept by no rule; " + (request.confirm() ? "deleting " : "would"
                        + " delete ") + String.join(", ", deleter.planned(image)));
            } else {
                log.info("  keep  " + describe(image) + ": " + String.join(", ", verdict.keptBecause()));
            }
        }
    }

    private void prune(Ledger ledger, ImageDeleter deleter, ImageRecord image) throws IOException {
        List<String> deleted = new ArrayList<>(image.deleted());
        try {
            deleter.delete(image, resource -> {
                deleted.add(resource);
                ledger.update(image, entry -> entry.withPruning(deleted, null));
                log.info("Deleted " + resource + " (image " + image.imageId() + ").");
            });
        } catch (CloudCallException e) {
            throw new BuildFailedException("Pruning image " + describe(image) + ": " + e.getMessage() + ". The ledger "
                    + ledger.file() + " lists what was deleted (" + (deleted.isEmpty() ? "nothing"
                    : String.join(", ", deleted)) + "); run prune-images again to delete the rest.");
        }
        Instant prunedAt = clock.instant();
        ledger.update(image, entry -> entry.withPruning(deleted, prunedAt));
        log.info("Pruned " + describe(image) + ".");
    }

    private static String describe(ImageRecord image) {
        return image.imageId() + " (" + image.cloud() + ", built " + image.builtAt() + ")";
    }
}
