package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

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
        if (imageId == null) {
            return Optional.empty();
        }
        return ledger.images().stream()
                .filter(image -> image.isFor(cloud, clusterId))
                .filter(image -> isNamedBy(new LedgerEntry(ledger, image)))
                .max(Comparator.comparing(ImageRecord::builtAt));
    }

    private boolean isNamedBy(LedgerEntry entry) {
        ImageRecord image = entry.image();
        if (imageId.equals(image.imageId()) || image.regions().containsValue(imageId)) {
            return true;
        }
        ImageRecord.Gallery gallery = entry.gallery();
        return gallery != null && imageId.equals(gallery.imageDefinition()) && gallery.imageVersion().equals(galleryVersion);
    }
}
