package org.arvados.maven.config;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Identifiers;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.common.Setting;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * update-config's core: read config.yml, check the request against it, resolve the image (from the
 * ledger unless given), compute the edited text, then log a diff (dry run) or back the file up and
 * replace it atomically. Any bad input ends in one {@link InvalidInputException} with the file untouched.
 */
public final class ConfigFileUpdater {
    /** Arvados ByteSize values as the docs write them: 16TB, 5TiB, 500GB. */
    private static final Pattern BYTE_SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*([KMGTPE]i?)?B");
    /** Values of keys like these are masked in the log and the diff (tokens, keys, passwords). */
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BuildLog log;
    private final Clock clock;

    public ConfigFileUpdater(BuildLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * What happened.
     *
     * @param changes the keys that changed (empty: the file was already up to date)
     * @param diff    the unified diff, secrets masked ("" when nothing changed)
     * @param backup  the backup file, when one was written
     * @param written whether the config file was replaced
     */
    public record Outcome(List<ConfigChange> changes, String diff, Optional<Path> backup, boolean written) {
    }

    public Outcome update(ConfigUpdateRequest request) throws IOException {
        checkParameters(request);
        ConfigSnapshot snapshot = ConfigSnapshot.read(request.configFile());
        String name = request.configFile().toString();
        YamlDocument doc = YamlDocument.parse(snapshot.text(), name);
        checkCluster(doc, request.clusterId());
        TargetCloud cloud = cloud(request);
        ChosenImage image = image(request, cloud, doc);
        String imageId = image.imageId();
        checkEbsAutoscale(request, cloud, doc, image);

        List<ConfigEdit> edits = new ClusterEdits(doc, request.clusterId(), log).plan(request, cloud, image);
        ConfigEditor.Result result = ConfigEditor.edit(snapshot.text(), edits, name);
        if (image.fromLedger()) {
            checkAgainstTheImage(result, doc, request, cloud);
        }
        if (!result.changed()) {
            log.info(name + " is up to date for cluster " + request.clusterId() + " (ImageID " + imageId + "); nothing to change.");
            return new Outcome(List.of(), "", Optional.empty(), false);
        }
        YamlDocument edited = YamlDocument.parse(result.text(), name);
        SecretMasker masker = masker(request, doc, edited);
        String diff = masker.mask(UnifiedDiff.diff(snapshot.text(), result.text(), name, name));
        for (ConfigChange change : result.changes()) {
            log.info((request.dryRun() ? "Would change " : "Changed ") + masker.mask(change.describe()));
        }
        diff.lines().forEach(log::info);
        if (request.dryRun()) {
            log.info("Dry run (arvados.dryRun): " + name + " was not written.");
            return new Outcome(result.changes(), diff, Optional.empty(), false);
        }
        snapshot.checkUnchanged();
        Optional<Path> backup = snapshot.replaceWith(result.text(),
                request.backup() ? Optional.of(BACKUP_STAMP.format(clock.instant())) : Optional.empty(), log);
        log.info("Updated " + name + " (" + result.changes().size() + (result.changes().size() == 1 ? " change" : " changes")
                + backup.map(file -> "; previous version kept in " + file).orElse("") + ").");
        return new Outcome(result.changes(), diff, backup, true);
    }

    /** The file as it would be written must agree with the image (check-config's check), or nothing is written. */
    private void checkAgainstTheImage(ConfigEditor.Result result, YamlDocument current, ConfigUpdateRequest request,
                                      TargetCloud cloud) throws IOException {
        YamlDocument edited = result.changed() ? YamlDocument.parse(result.text(), current.source()) : current;
        ConfigCheck.Result check = ConfigCheck.check(edited, request.clusterId(), cloud, Ledger.read(request.ledgerFile()),
                request.requireCloudtest());
        check.warnings().forEach(log::warn);
        if (!check.mismatches().isEmpty()) {
            throw new InvalidInputException(request.configFile() + (result.changed() ? " would not match the image"
                    + " after this update, so nothing was written" : " does not match the image it names (nothing to"
                    + " change, nothing written)") + ":\n  " + String.join("\n  ", check.mismatches()));
        }
    }

    private static void checkParameters(ConfigUpdateRequest request) {
        Problems problems = new Problems();
        problems.check(request.clusterId() != null && Identifiers.CLUSTER_ID.matcher(request.clusterId()).matches(),
                Setting.element("clusterId") + " must be the 5-character cluster ID (lowercase letters and digits), e.g. zzzzz; got "
                        + request.clusterId() + ".");
        problems.check(request.cloud() == null || TargetCloud.byId(request.cloud()).isPresent(),
                Setting.element("cloud") + " must be aws, azure or gcp; got " + request.cloud() + ".");
        problems.check(request.adminUsername() == null || Identifiers.USER_NAME.matcher(request.adminUsername()).matches(),
                Setting.element("adminUsername") + " must be a Linux user name (e.g. crunch); got " + request.adminUsername() + ".");
        String key = request.dispatchPrivateKey();
        // Only a file URL: a key given as a parameter would be printed by mvn -X and kept in shell history.
        problems.check(key == null || key.isBlank() || key.matches("file:///\\S+"),
                Setting.element("dispatchPrivateKey") + " must be file:///absolute/path/on/the/dispatcher "
                        + "(e.g. file:///etc/arvados/id_dispatcher); never the key itself, which Maven would print with -X. "
                        + "Copy the private key to the dispatcher host and point at it.");
        problems.check(!Boolean.TRUE.equals(request.ebsAutoscale()) || (request.includedScratch() != null
                        && BYTE_SIZE.matcher(request.includedScratch()).matches()),
                Setting.element("ebsAutoscaleIncludedScratch") + " must be a size such as 16TB or 5TiB; got "
                        + request.includedScratch() + ".");
        problems.throwIfAny();
    }

    static void checkCluster(YamlDocument doc, String clusterId) {
        Optional<Node> clusters = doc.find(List.of("Clusters"));
        if (clusters.isEmpty() || !(clusters.get() instanceof MappingNode)) {
            throw new InvalidInputException(doc.source() + " has no Clusters section; is it an Arvados config.yml? "
                    + "(arvados.configFile)");
        }
        List<String> present = doc.keys(List.of("Clusters"));
        if (!present.contains(clusterId)) {
            throw new InvalidInputException(doc.source() + " has no cluster " + clusterId + " under Clusters (it has: "
                    + (present.isEmpty() ? "none" : String.join(", ", present)) + "). Check " + Setting.element("clusterId") + ".");
        }
    }

    /** The cloud: as given; else an AMI ID says aws; else the only cloud the ledger knows for the cluster. */
    private TargetCloud cloud(ConfigUpdateRequest request) throws IOException {
        if (request.cloud() != null) {
            return TargetCloud.byId(request.cloud()).orElseThrow();
        }
        if (request.imageId() != null) {
            Optional<TargetCloud> recognised = TargetCloud.recognisedFrom(request.imageId());
            if (recognised.isPresent()) {
                return recognised.get();
            }
        }
        Collection<String> clouds = Ledger.read(request.ledgerFile()).cloudsFor(request.clusterId());
        if (clouds.size() == 1) {
            return TargetCloud.byId(clouds.iterator().next()).orElseThrow(() -> new InvalidInputException(
                    "The ledger " + request.ledgerFile() + " names an unknown cloud " + clouds + "."));
        }
        if (clouds.isEmpty() && request.imageId() == null) {
            throw noImage(request, "any cloud");
        }
        throw new InvalidInputException("Which cloud is the image for? "
                + (clouds.isEmpty() ? "The image ID does not say" : "The ledger " + request.ledgerFile() + " has images of cluster "
                + request.clusterId() + " for " + String.join(" and ", clouds))
                + ": set <cloud> / -Darvados.cloud=aws|azure|gcp.");
    }

    /** The image to write: the one given, or the ledger's latest (a gallery version's definition where it has one). */
    private ChosenImage image(ConfigUpdateRequest request, TargetCloud cloud, YamlDocument doc) throws IOException {
        ChosenImage chosen = new ChosenImage(request.imageId(), null);
        String origin = Setting.element("imageId");
        if (chosen.imageId() == null) {
            Ledger ledger = Ledger.read(request.ledgerFile());
            ImageRecord image = ledger.latest(cloud.id(), request.clusterId())
                    .orElseThrow(() -> noImage(request, cloud.id()));
            LedgerEntry entry = new LedgerEntry(ledger, image);
            ImageRecord.Gallery gallery = entry.gallery();
            chosen = new ChosenImage(gallery != null ? gallery.imageDefinition() : regional(entry, cloud, doc, request),
                    entry);
            origin = "the ledger " + request.ledgerFile();
            log.info("Image " + chosen.imageId() + (gallery == null ? "" : " version " + gallery.imageVersion()
                    + " in gallery " + gallery.name()) + " from " + origin + " (" + cloud.id() + ", built "
                    + image.builtAt() + ").");
        }
        if (!cloud.fits(chosen.imageId())) {
            throw new InvalidInputException("The image ID " + chosen.imageId() + " from " + origin + " is not "
                    + cloud.imageIdDescription() + " (cloud " + cloud.id() + "). Pass the right -Darvados.imageId, or"
                    + " -Darvados.cloud if the cloud is wrong.");
        }
        return chosen;
    }

    /** AMIs are regional: pick the copy in the dispatcher's DriverParameters.Region when the ledger has copies. */
    private static String regional(LedgerEntry entry, TargetCloud cloud, YamlDocument doc, ConfigUpdateRequest request) {
        ImageRecord image = entry.image();
        if (cloud != TargetCloud.AWS) {
            return image.imageId();
        }
        String region = doc.scalar(List.of("Clusters", request.clusterId(), "Containers", "CloudVMs",
                "DriverParameters", "Region")).orElse(null);
        return entry.imageIdIn(region).orElseThrow(() -> new InvalidInputException("The latest image of "
                + request.clusterId() + " in " + request.ledgerFile() + " exists in "
                + String.join(", ", image.regions().keySet()) + ", but the dispatcher's DriverParameters.Region is "
                + region + ": add it to <aws><amiRegions> and rebuild, or pass -Darvados.imageId."));
    }

    private static InvalidInputException noImage(ConfigUpdateRequest request, String cloud) {
        return new InvalidInputException("No image of cluster " + request.clusterId() + " for " + cloud + " is recorded in "
                + request.ledgerFile() + " (arvados.ledgerFile): run the image goal first (e.g. mvn arvados:aws-image), "
                + "or pass -Darvados.imageId=<image ID>.");
    }

    private static void checkEbsAutoscale(ConfigUpdateRequest request, TargetCloud cloud, YamlDocument doc,
                                          ChosenImage image) {
        ImageRecord.BuiltWith built = image.builtWith();
        if (!ClusterEdits.ebsAutoscale(request, built)) {
            return;
        }
        if (cloud != TargetCloud.AWS) {
            throw new InvalidInputException(Cloud.AWS.setting("ebsAutoscale") + " is for AWS images, but this image"
                    + " is for " + cloud.id() + ": drop it.");
        }
        boolean given = request.iamInstanceProfile() != null || (built != null && built.iamInstanceProfile() != null);
        boolean present = doc.scalar(List.of("Clusters", request.clusterId(), "Containers", "CloudVMs",
                "DriverParameters", "IAMInstanceProfile")).isPresent();
        if (!given && !present) {
            throw new InvalidInputException("EBS autoscale needs an instance profile that may create and attach volumes: "
                    + "set " + Cloud.AWS.setting("iamInstanceProfile") + " to its name (it goes to "
                    + "Containers.CloudVMs.DriverParameters.IAMInstanceProfile).");
        }
    }

    /** Secrets in the file (tokens, keys, passwords) and the key being written never reach the log. */
    private static SecretMasker masker(ConfigUpdateRequest request, YamlDocument before, YamlDocument after) {
        Set<String> secrets = new LinkedHashSet<>(ConfigSecrets.in(before));
        secrets.addAll(ConfigSecrets.in(after));
        ConfigSecrets.add(request.dispatchPrivateKey(), secrets);
        return new SecretMasker(secrets);
    }
}
