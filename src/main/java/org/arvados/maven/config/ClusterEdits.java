package org.arvados.maven.config;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Turns a checked request into the edits of one cluster's section, from the keys the image feeds. */
final class ClusterEdits {
    private final YamlDocument doc;
    private final List<String> cluster;
    private final BuildLog log;

    ClusterEdits(YamlDocument doc, String clusterId, BuildLog log) {
        this.doc = doc;
        this.cluster = List.of("Clusters", clusterId);
        this.log = log;
    }

    List<String> path(String... keys) {
        return Stream.concat(cluster.stream(), Stream.of(keys)).toList();
    }

    /**
     * ImageID, and what the image was built with (admin user, SSH port, the EBS autoscaler's settings) from its
     * ledger record; the request's own values override the record's. A given image ID the ledger does not
     * describe gets only what the request names.
     */
    List<ConfigEdit> plan(ConfigUpdateRequest request, TargetCloud cloud, ChosenImage image) {
        List<ConfigEdit> edits = new ArrayList<>();
        edits.add(ConfigEdit.set(path("Containers", "CloudVMs", "ImageID"), image.imageId()));
        driver(cloud).ifPresent(edits::add);
        if (cloud == TargetCloud.AZURE && image.fromLedger()) {
            edits.addAll(gallery(image.gallery()));
        }
        ImageRecord.BuiltWith built = image.builtWith();
        if (image.fromLedger() && built == null) {
            log.warn("The ledger's entry for " + image.imageId() + " was written by an earlier plugin version and does"
                    + " not say what the image was built with: AdminUsername, SSHPort and the EBS autoscaler's settings"
                    + " are written only where given (<adminUsername>, <sshPort>, <aws><ebsAutoscale>).");
        }
        String adminUsername = request.adminUsername() != null ? request.adminUsername()
                : built == null ? null : built.adminUsername();
        if (adminUsername != null) {
            edits.add(ConfigEdit.set(path("Containers", "CloudVMs", "DriverParameters", "AdminUsername"), adminUsername));
        }
        Integer sshPort = request.sshPort() != null ? request.sshPort() : built == null ? null : built.sshPort();
        if (sshPort != null) {
            // A string, as in Arvados' config.default.yml.
            edits.add(ConfigEdit.set(path("Containers", "CloudVMs", "SSHPort"), String.valueOf(sshPort)));
        }
        if (request.dispatchPrivateKey() != null && !request.dispatchPrivateKey().isBlank()) {
            edits.add(ConfigEdit.set(path("Containers", "DispatchPrivateKey"), request.dispatchPrivateKey()));
        }
        if (ebsAutoscale(request, built)) {
            String profile = request.iamInstanceProfile() != null ? request.iamInstanceProfile()
                    : built == null ? null : built.iamInstanceProfile();
            edits.addAll(ebsAutoscale(request, profile));
        }
        return edits;
    }

    static boolean ebsAutoscale(ConfigUpdateRequest request, ImageRecord.BuiltWith built) {
        return request.ebsAutoscale() != null ? request.ebsAutoscale()
                : built != null && Boolean.TRUE.equals(built.ebsAutoscale());
    }

    /**
     * Driver is written only where it is missing (ec2 is Arvados' default anyway, azure must be said).
     * A different driver is refused: the dispatcher would look for the image in the wrong cloud, and moving
     * clouds means credentials this goal does not write.
     */
    private Optional<ConfigEdit> driver(TargetCloud cloud) {
        List<String> driverPath = path("Containers", "CloudVMs", "Driver");
        Optional<String> present = doc.scalar(driverPath);
        if (cloud.driver().isEmpty()) {
            log.warn("Arvados' cloud dispatcher has no " + cloud.id() + " driver; the image ID is written, "
                    + String.join(".", driverPath) + " is left as it is.");
            return Optional.empty();
        }
        String wanted = cloud.driver().get();
        if (present.isEmpty()) {
            return Optional.of(ConfigEdit.set(driverPath, wanted));
        }
        if (!present.get().equals(wanted)) {
            throw new InvalidInputException(doc.source() + ": " + String.join(".", driverPath) + " is " + present.get()
                    + ", but the image is for " + cloud.id() + " (driver " + wanted + "); nothing was changed. Use the"
                    + " image of the cluster's own cloud (arvados.cloud), or set Driver and its DriverParameters by hand"
                    + " first if you move clouds.");
        }
        return Optional.empty();
    }

    /**
     * A gallery version: the gallery, version and the gallery's resource group. A managed image: no gallery
     * keys, since the driver would look for ImageID in the gallery they name.
     */
    private List<ConfigEdit> gallery(ImageRecord.Gallery gallery) {
        List<String> name = path("Containers", "CloudVMs", "DriverParameters", "SharedImageGalleryName");
        List<String> version = path("Containers", "CloudVMs", "DriverParameters", "SharedImageGalleryImageVersion");
        if (gallery == null) {
            return List.of(ConfigEdit.remove(name), ConfigEdit.remove(version));
        }
        return List.of(ConfigEdit.set(name, gallery.name()), ConfigEdit.set(version, gallery.imageVersion()),
                ConfigEdit.set(path("Containers", "CloudVMs", "DriverParameters", "ImageResourceGroup"),
                        gallery.resourceGroup()));
    }

    /** Every instance type loses AddedScratch and gets the autoscaler's IncludedScratch. */
    private List<ConfigEdit> ebsAutoscale(ConfigUpdateRequest request, String iamInstanceProfile) {
        List<ConfigEdit> edits = new ArrayList<>();
        if (iamInstanceProfile != null) {
            edits.add(ConfigEdit.set(path("Containers", "CloudVMs", "DriverParameters", "IAMInstanceProfile"),
                    iamInstanceProfile));
        }
        List<String> types = doc.keys(path("InstanceTypes"));
        if (types.isEmpty()) {
            log.warn(String.join(".", path("InstanceTypes")) + " lists no instance types; give each one you add "
                    + "IncludedScratch: " + request.includedScratch() + " and no AddedScratch.");
        }
        for (String type : types) {
            edits.add(ConfigEdit.set(path("InstanceTypes", type, "IncludedScratch"), request.includedScratch()));
            edits.add(ConfigEdit.remove(path("InstanceTypes", type, "AddedScratch")));
        }
        return edits;
    }
}
