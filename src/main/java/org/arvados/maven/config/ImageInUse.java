package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The image a cluster's config.yml has the dispatcher use: Containers.CloudVMs.ImageID and, for an Azure
 * gallery version, DriverParameters.SharedImageGalleryImageVersion.
 *
 * @param clusterId      the cluster read
 * @param imageId        Containers.CloudVMs.ImageID; null where config.yml does not set it
 * @param galleryVersion DriverParameters.SharedImageGalleryImageVersion; null where config.yml does not set it
 */
public record ImageInUse(String clusterId, String imageId, String galleryVersion) {
    /** Reads cluster {@code clusterId} (null: the only one) of {@code configFile}; changes nothing. */
    public static ImageInUse read(Path configFile, String clusterId) throws IOException {
        YamlDocument doc = YamlDocument.parse(ConfigSnapshot.read(configFile).text(), configFile.toString());
        String cluster = clusterId != null ? clusterId : ConfigCheck.onlyCluster(doc);
        ConfigFileUpdater.checkCluster(doc, cluster);
        return new ImageInUse(cluster,
                ClusterSettings.value(doc, cluster, "Containers", "CloudVMs", "ImageID").orElse(null),
                ClusterSettings.value(doc, cluster, "Containers", "CloudVMs", "DriverParameters",
                        "SharedImageGalleryImageVersion").orElse(null));
    }

    /** The newest ledger entry of the cluster and {@code cloud} whose image, one of its copies or its gallery version this is. */
    public Optional<ImageRecord> entry(Ledger ledger, String cloud) {
        List<ImageRecord> mine = ledger.images().stream().filter(image -> image.isFor(cloud, clusterId)).toList();
        // A gallery lacking a field is named as such, not taken for another image.
        mine.forEach(image -> new LedgerEntry(ledger, image).gallery());
        return mine.stream().filter(this::names).max(Comparator.comparing(ImageRecord::builtAt));
    }

    /** Whether {@code image} is of this cluster and is this image, one of its copies or its gallery version. */
    public boolean names(ImageRecord image) {
        return imageId != null && image.clusterId().equals(clusterId)
                && (imageId.equals(image.imageId()) || image.regions().containsValue(imageId)
                || (image.gallery() != null && imageId.equals(image.gallery().imageDefinition())
                && galleryVersion != null && galleryVersion.equals(image.gallery().imageVersion())));
    }

    /**
     * The resources config.yml names, as the end of a resource's name: the image (or the gallery definition) and
     * the gallery version. Empty where it sets no ImageID.
     */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        if (imageId != null) {
            names.add(imageId);
            if (galleryVersion != null) {
                names.add(galleryVersionName(imageId, galleryVersion));
            }
        }
        return names;
    }

    /** A gallery image version as the end of its resource name. */
    public static String galleryVersionName(String imageDefinition, String imageVersion) {
        return "images/" + imageDefinition + "/versions/" + imageVersion;
    }
}
