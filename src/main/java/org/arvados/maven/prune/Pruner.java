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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    /** Logs the plan and, with confirm, carries it out; returns the plan, one per cloud. */
    public List<PrunePlan> run(PruneRequest request) throws IOException {
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
            return List.of();
        }
        if (inUse == null && request.confirm() && !request.withoutConfigFile()) {
            throw new InvalidInputException("<configFile> (arvados.configFile) is not set, so prune-images does not"
                    + " know which image cluster " + cluster + " runs on and could delete it: set it to the cluster's"
                    + " config.yml, or set <withoutConfigFile> (arvados.prune.withoutConfigFile) to true to prune by"
                    + " keep, minAge and cloudtest alone.");
        }
        Collection<String> clouds = request.cloud() != null ? List.of(request.cloud()) : ledger.cloudsFor(cluster);
        List<CloudPlan> plans = new ArrayList<>();
        try {
            List<String> problems = new ArrayList<>();
            for (String cloud : clouds) {
                PrunePlan plan = PrunePlan.of(cloud, cluster, ledger.images(), request.keep(), request.minAge(),
                        clock.instant(), inUse);
                ImageDeleter deleter = deleters.apply(cloud);
                plans.add(new CloudPlan(plan, deleter));
                logPlan(plan, request, inUse, deleter);
                for (ImageRecord image : plan.toPrune()) {
                    deleter.missingFields(image).forEach(field -> problems.add("The image ledger " + ledger.file()
                            + ": the entry of " + describe(image) + " lacks \"" + field + "\", which deleting it needs:"
                            + " add it by hand, or remove the entry if the image is gone."));
                }
            }
            long toPrune = plans.stream().mapToLong(cloud -> cloud.plan().toPrune().size()).sum();
            if (!request.confirm()) {
                log.info("Nothing deleted: this is the plan. To delete the " + toPrune + " image(s) marked prune, run"
                        + " again with -Darvados.prune.confirm=true.");
                return plans.stream().map(CloudPlan::plan).toList();
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            if (toPrune > 0) {
                ledger.checkWritable("nothing was deleted");
            }
            int pruned = 0;
            for (CloudPlan cloud : plans) {
                for (ImageRecord image : cloud.plan().toPrune()) {
                    pruned += prune(ledger, cloud.plan(), cloud.deleter(), image) ? 1 : 0;
                }
            }
            log.info("Pruned " + pruned + " image(s)" + (pruned < toPrune ? ", left " + (toPrune - pruned)
                    + " (see the warnings above)" : "") + "; the ledger " + ledger.file() + " records what was deleted.");
            return plans.stream().map(CloudPlan::plan).toList();
        } finally {
            plans.forEach(cloud -> cloud.deleter().close());
        }
    }

    private record CloudPlan(PrunePlan plan, ImageDeleter deleter) {
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

    private void logPlan(PrunePlan plan, PruneRequest request, ImageInUse inUse, ImageDeleter deleter) {
        List<String> rules = new ArrayList<>();
        rules.add("the " + request.keep() + " newest");
        if (inUse != null) {
            rules.add(inUse.imageId() == null ? "config.yml's ImageID (it sets none)"
                    : "config.yml's ImageID " + inUse.imageId());
        }
        rules.add("the newest that passed cloudtest");
        rules.add("those younger than " + Durations.describe(request.minAge()));
        rules.add("every image that names a resource a kept one names");
        log.info("Cluster " + plan.clusterId() + ", " + plan.cloud() + ": " + plan.verdicts().size() + " image(s) in the"
                + " cloud, " + plan.alreadyPruned() + " already pruned (kept in the ledger as history); keeping "
                + String.join(", ", rules) + ".");
        if (inUse == null) {
            log.warn("No <configFile> (arvados.configFile): the image cluster " + plan.clusterId() + " runs on is not"
                    + " known, so no rule keeps it.");
        } else if (inUse.imageId() != null && plan.verdicts().stream().noneMatch(v -> inUse.names(v.image()))) {
            log.info("config.yml's ImageID " + inUse.imageId() + " is no " + plan.cloud() + " image of cluster "
                    + plan.clusterId() + " in the ledger: it is kept wherever an entry names it.");
        }
        for (PrunePlan.Verdict verdict : plan.verdicts()) {
            ImageRecord image = verdict.image();
            if (verdict.pruned()) {
                log.info("  prune " + describe(image) + ": kept by no rule; " + (request.confirm() ? "deleting " : "would"
                        + " delete ") + String.join(", ", deleter.planned(image)));
            } else {
                log.info("  keep  " + describe(image) + ": " + String.join("; ", verdict.keptBecause()));
            }
        }
    }

    /** Deletes what is left of {@code image}; true when all of it is seen gone and the entry says so. */
    private boolean prune(Ledger ledger, PrunePlan plan, ImageDeleter deleter, ImageRecord image) throws IOException {
        ImageRecord current = ledger.current(image).orElseThrow(() -> new InvalidInputException("The image ledger "
                + ledger.file() + " no longer holds " + describe(image) + ": nothing of it was deleted."));
        List<ImageDeleter.Left> left;
        try {
            left = deleter.delete(current, new ImageDeleter.Progress() {
                @Override
                public boolean mayDelete(String resource) {
                    if (plan.keeps(resource)) {
                        log.warn(resource + " of " + describe(image) + " is left alone: a kept image or config.yml"
                                + " names it too.");
                        return false;
                    }
                    return true;
                }

                @Override
                public void mapped(List<String> snapshots) throws IOException {
                    record(ledger, image, entry -> entry.withSnapshots(snapshots), "nothing is deleted yet");
                }

                @Override
                public void deleted(String resource) throws IOException {
                    record(ledger, image, entry -> entry.withDeleted(resource), resource + " is deleted already");
                    log.info("Deleted " + resource + " (image " + image.imageId() + ").");
                }
            });
        } catch (CloudCallException e) {
            List<String> deleted = ledger.current(image).map(ImageRecord::deleted).orElse(List.of());
            throw new BuildFailedException("Pruning image " + describe(image) + ": " + e.getMessage() + ". The ledger "
                    + ledger.file() + " lists what was deleted (" + (deleted.isEmpty() ? "nothing"
                    : String.join(", ", deleted)) + "); run prune-images again to delete the rest.");
        }
        // Another run may have deleted (and recorded) what this one found gone.
        List<String> recorded = ledger.current(image).map(ImageRecord::deleted).orElse(List.of());
        List<ImageDeleter.Left> unexplained = left.stream().filter(l -> !recorded.contains(l.resource())).toList();
        if (!unexplained.isEmpty()) {
            unexplained.forEach(l -> log.warn(l.resource() + " of " + describe(image) + ": " + l.why()));
            log.warn("Left " + describe(image) + " unpruned in the ledger: it is not seen gone.");
            return false;
        }
        record(ledger, image, entry -> entry.withPrunedAt(clock.instant()), "all of it is deleted");
        log.info("Pruned " + describe(image) + ".");
        return true;
    }

    /** Changes every entry of the build; when the entry was removed meanwhile, says what is deleted already. */
    private static void record(Ledger ledger, ImageRecord image, java.util.function.UnaryOperator<ImageRecord> change,
                               String done) throws IOException {
        try {
            ledger.update(image, change);
        } catch (Ledger.EntryGoneException e) {
            throw new BuildFailedException(describe(image) + ": " + done + ". " + e.getMessage().replace("restore it"
                    + " from version control.", "restore it from version control and run prune-images again to record"
                    + " and delete the rest."));
        }
    }

    private static String describe(ImageRecord image) {
        return image.imageId() + " (" + image.cloud() + ", built " + image.builtAt() + ")";
    }
}
