package org.arvados.maven.config;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.SshKey;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares one cluster's config.yml with the image its ImageID names, as the ledger records it: every way the
 * dispatcher would fail to use the image, each a line naming the config path, the config's value and the image's.
 */
public final class ConfigCheck {
    /** Arvados' defaults (config.default.yml) for what a cluster's config.yml may leave out. */
    private static final String DEFAULT_SSH_PORT = "22";
    private static final String DEFAULT_RUNTIME_ENGINE = "docker";

    /**
     * @param image      the ledger entry ImageID names; null when the ledger has none
     * @param mismatches one line each; empty when config.yml and the image agree
     * @param warnings   what could not be checked, and why
     */
    record Result(ImageRecord image, List<String> mismatches, List<String> warnings) {
    }

    private final YamlDocument doc;
    private final String clusterId;
    private final boolean requireCloudtest;
    private final List<String> mismatches = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigCheck(YamlDocument doc, String clusterId, boolean requireCloudtest) {
        this.doc = doc;
        this.clusterId = clusterId;
        this.requireCloudtest = requireCloudtest;
    }

    /**
     * Checks {@code clusterId} (null: the only cluster) of {@code configFile} against the ledger: logs what could
     * not be checked and throws one error listing every mismatch; changes nothing. {@code requireCloudtest}: an
     * image never tried with cloudtest is a mismatch, not a warning.
     */
    public static void verify(Path configFile, String clusterId, Path ledgerFile, boolean requireCloudtest,
                              BuildLog log) throws IOException {
        String source = configFile.toString();
        YamlDocument doc = YamlDocument.parse(ConfigSnapshot.read(configFile).text(), source);
        String cluster = clusterId != null ? clusterId : onlyCluster(doc);
        ConfigFileUpdater.checkCluster(doc, cluster);
        Ledger ledger = Ledger.read(ledgerFile);
        Result result = check(doc, cluster, null, ledger, requireCloudtest);
        result.warnings().forEach(log::warn);
        if (!result.mismatches().isEmpty()) {
            throw new InvalidInputException(source + " does not match "
                    + (result.image() == null ? "any image in the ledger " + ledgerFile : "image " + result.image().imageId()
                    + " (built " + result.image().builtAt() + ", ledger " + ledgerFile + ")") + ":\n  "
                    + String.join("\n  ", result.mismatches()));
        }
        ImageRecord image = result.image();
        log.info(source + " (cluster " + cluster + ") agrees with image " + image.imageId() + " (built "
                + image.builtAt() + ").");
        ledger.latest(image.cloud(), cluster).filter(latest -> !latest.isSameBuild(image))
                .ifPresent(latest -> log.info("The ledger's latest " + latest.cloud() + " image is " + latest.imageId()
                        + " (built " + latest.builtAt() + "): mvn arvados:update-config writes it into " + source + "."));
    }

    static String onlyCluster(YamlDocument doc) {
        List<String> clusters = doc.keys(List.of("Clusters"));
        if (clusters.size() != 1) {
            throw new InvalidInputException(doc.source() + " has " + (clusters.isEmpty() ? "no cluster" : "clusters "
                    + String.join(", ", clusters)) + " under Clusters: set <clusterId> / -Darvados.clusterId.");
        }
        return clusters.get(0);
    }

    /** Checks cluster {@code clusterId} of {@code doc} against {@code ledger}; {@code cloud} null: the config's Driver's. */
    static Result check(YamlDocument doc, String clusterId, TargetCloud cloud, Ledger ledger, boolean requireCloudtest) {
        return new ConfigCheck(doc, clusterId, requireCloudtest).run(cloud, ledger);
    }

    private Result run(TargetCloud given, Ledger ledger) {
        TargetCloud cloud = given != null ? given : cloud();
        Optional<String> imageId = value("Containers", "CloudVMs", "ImageID");
        if (imageId.isEmpty()) {
            mismatches.add(dotted("Containers", "CloudVMs", "ImageID") + " is not set; the ledger's latest image for "
                    + cloud.id() + " is " + ledger.latest(cloud.id(), clusterId).map(ImageRecord::imageId).orElse("none"));
            return result(null);
        }
        Optional<ImageRecord> image = recordOf(ledger, cloud, imageId.get());
        if (image.isEmpty()) {
            mismatches.add(dotted("Containers", "CloudVMs", "ImageID") + ": " + imageId.get() + " is no image of cluster "
                    + clusterId + " for " + cloud.id() + " in the ledger " + ledger.file() + " (its latest is "
                    + ledger.latest(cloud.id(), clusterId).map(ImageRecord::imageId).orElse("none") + ")");
            return result(null);
        }
        ImageRecord record = image.get();
        LedgerEntry entry = new LedgerEntry(ledger, record);
        if (cloud == TargetCloud.AWS) {
            checkRegion(entry, imageId.get());
        }
        checkCloudtest(record, ledger.file());
        ImageRecord.BuiltWith built = entry.builtWith();
        if (built == null) {
            warnings.add("The ledger's entry for " + record.imageId() + " was written by an earlier plugin version and"
                    + " does not say what the image was built with: AdminUsername, SSHPort, RuntimeEngine, the"
                    + " dispatcher's key, GPU support and EBS autoscale are not checked (rebuild the image to check them).");
            return result(record);
        }
        checkEqual(built.adminUsername(), null, "Containers", "CloudVMs", "DriverParameters", "AdminUsername");
        checkEqual(String.valueOf(built.sshPort()), DEFAULT_SSH_PORT, "Containers", "CloudVMs", "SSHPort");
        checkEqual(built.runtimeEngine(), DEFAULT_RUNTIME_ENGINE, "Containers", "RuntimeEngine");
        checkKey(built.keyFingerprint());
        checkGpus(Boolean.TRUE.equals(built.nvidiaGpuSupport()), record.imageId());
        if (Boolean.TRUE.equals(built.ebsAutoscale())) {
            checkEbsAutoscale(record.imageId());
        }
        if (cloud == TargetCloud.AZURE && built.scratch() == null) {
            checkScratchWithoutTheResourceDisk(record.imageId());
        }
        return result(record);
    }

    private Result result(ImageRecord image) {
        return new Result(image, List.copyOf(mismatches), List.copyOf(warnings));
    }

    /** The dispatcher's cloud: its Driver (ec2 when unset, as Arvados' default). */
    private TargetCloud cloud() {
        return TargetCloud.byDriver(value("Containers", "CloudVMs", "Driver").orElse("ec2")).orElse(TargetCloud.AWS);
    }

    /** The newest entry of the cluster and cloud whose image, one of its copies or its gallery definition is {@code id}. */
    private Optional<ImageRecord> recordOf(Ledger ledger, TargetCloud cloud, String id) {
        String galleryVersion = value("Containers", "CloudVMs", "DriverParameters", "SharedImageGalleryImageVersion")
                .orElse(null);
        return new ImageInUse(clusterId, id, galleryVersion).entry(ledger, cloud.id());
    }

    /** An AMI is regional: ImageID must be the copy in the dispatcher's DriverParameters.Region. */
    private void checkRegion(LedgerEntry entry, String imageId) {
        Optional<String> region = value("Containers", "CloudVMs", "DriverParameters", "Region");
        ImageRecord record = entry.image();
        Map<String, String> copies = record.regions();
        if (region.isEmpty() || copies.isEmpty()) {
            return;
        }
        String copy = entry.imageIdIn(region.get()).orElse(null);
        if (copy == null) {
            mismatches.add(dotted("Containers", "CloudVMs", "DriverParameters", "Region") + ": config.yml has "
                    + region.get() + ", but image " + record.imageId() + " has copies only in "
                    + String.join(", ", new TreeSet<>(copies.keySet())));
        } else if (!copy.equals(imageId)) {
            mismatches.add(dotted("Containers", "CloudVMs", "ImageID") + ": config.yml has " + imageId + ", but the copy in "
                    + "the dispatcher's Region " + region.get() + " is " + copy);
        }
    }

    /** A failed cloudtest stops the image; one never tried is a warning, or a mismatch with requireCloudtest. */
    private void checkCloudtest(ImageRecord record, Path ledgerFile) {
        String imageId = dotted("Containers", "CloudVMs", "ImageID");
        Optional<ImageRecord.Cloudtest> latest = record.latestCloudtest();
        if (latest.isPresent() && !latest.get().passed()) {
            mismatches.add(imageId + ": image " + record.imageId() + " failed its latest cloudtest (" + latest.get().at()
                    + ", ledger " + ledgerFile + " entry built " + record.builtAt() + "); fix it and run"
                    + " arvados:cloudtest until it passes, or use another image");
        } else if (latest.isEmpty()) {
            String untested = imageId + ": image " + record.imageId() + " was never tried with arvados:cloudtest"
                    + " (ledger " + ledgerFile + ")";
            if (requireCloudtest) {
                mismatches.add(untested + "; <requireCloudtest> (arvados.requireCloudtest) asks for a passed run");
            } else {
                warnings.add(untested + ": run it before the cluster uses the image.");
            }
        }
    }

    /** The config's value (or Arvados' default, where it has one) must be the image's. */
    private void checkEqual(String imageValue, String arvadosDefault, String... keys) {
        Optional<String> configured = value(keys);
        String effective = configured.orElse(arvadosDefault);
        if (!imageValue.equals(effective)) {
            mismatches.add(dotted(keys) + ": config.yml has " + configured.orElse(arvadosDefault == null ? "nothing"
                    : arvadosDefault + " (Arvados' default)") + ", the image has " + imageValue);
        }
    }

    /** DispatchPrivateKey's public half must be the key the image lets in, where the key can be read here. */
    private void checkKey(String imageFingerprint) {
        Optional<String> key = value("Containers", "DispatchPrivateKey");
        String path = dotted("Containers", "DispatchPrivateKey");
        if (imageFingerprint == null) {
            return;
        }
        if (key.isEmpty()) {
            mismatches.add(path + " is not set; the image lets in the key " + imageFingerprint);
            return;
        }
        ClusterSettings.readKey(key.get(), path, "its fingerprint is not checked", warnings)
                .map(SshKey::fingerprint)
                .filter(fingerprint -> !fingerprint.equals(imageFingerprint))
                .ifPresent(fingerprint -> mismatches.add(path + ": config.yml's key is " + fingerprint
                        + ", the image lets in " + imageFingerprint));
    }

    /**
     * An instance type with a GPU (Arvados 3's GPU section, or 2's CUDA) needs an image with NVIDIA's driver. Arvados
     * counts a type as one only where the section's DeviceCount is above 0: its own config.default.yml gives every
     * type a GPU section with DeviceCount 0 (an omitted one is 0 too).
     */
    private void checkGpus(boolean nvidiaGpuSupport, String imageId) {
        if (nvidiaGpuSupport) {
            return;
        }
        for (String type : doc.keys(path("InstanceTypes"))) {
            for (String section : List.of("GPU", "CUDA")) {
                Optional<String> count = value("InstanceTypes", type, section, "DeviceCount");
                if (count.isPresent() && !count.get().matches("0+")) {
                    mismatches.add(dotted("InstanceTypes", type, section) + ": a GPU instance type (DeviceCount "
                            + count.get() + ") needs an image built with nvidiaGpuSupport, and " + imageId
                            + " was built without it");
                }
            }
        }
    }

    /** The EBS autoscaler grows /tmp itself: it needs the profile that may attach volumes, and no AddedScratch. */
    private void checkEbsAutoscale(String imageId) {
        if (value("Containers", "CloudVMs", "DriverParameters", "IAMInstanceProfile").isEmpty()) {
            mismatches.add(dotted("Containers", "CloudVMs", "DriverParameters", "IAMInstanceProfile") + " is not set, but "
                    + imageId + " has the EBS autoscaler, which needs an instance profile that may create and attach volumes");
        }
        for (String type : doc.keys(path("InstanceTypes"))) {
            value("InstanceTypes", type, "AddedScratch").ifPresent(scratch -> mismatches.add(dotted("InstanceTypes",
                    type, "AddedScratch") + ": config.yml has " + scratch + ", but " + imageId + " has the EBS autoscaler"
                    + " (give IncludedScratch and no AddedScratch)"));
        }
    }

    /**
     * An Azure image built before its scratch space took the resource disk, the disk an Azure size's IncludedScratch
     * is, left that disk to cloud-init's /mnt: no size's IncludedScratch reaches /tmp. A size of none (0) is fine.
     */
    private void checkScratchWithoutTheResourceDisk(String imageId) {
        for (String type : doc.keys(path("InstanceTypes"))) {
            value("InstanceTypes", type, "IncludedScratch").filter(size -> size.matches(".*[1-9].*")).ifPresent(size ->
                    mismatches.add(dotted("InstanceTypes", type, "IncludedScratch") + ": config.yml has " + size
                            + ", but image " + imageId + " keeps /tmp on the OS disk: it was built before the plugin's"
                            + " scratch space took Azure's resource disk (its ledger entry has no builtWith.scratch);"
                            + " rebuild the image"));
        }
    }

    private Optional<String> value(String... keys) {
        return doc.scalar(path(keys)).filter(value -> !value.isEmpty());
    }

    private List<String> path(String... keys) {
        return Stream.concat(Stream.of("Clusters", clusterId), Stream.of(keys)).toList();
    }

    private String dotted(String... keys) {
        return String.join(".", path(keys));
    }
}
