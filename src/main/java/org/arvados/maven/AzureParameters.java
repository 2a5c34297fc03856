package org.arvados.maven;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.AzureGallery;
import org.arvados.maven.image.AzureSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code <azure>} element of the POM. Every field can also be set with {@code -Darvados.azure.<field>}
 * (which wins over the POM); defaults are {@link AzureSettings}'.
 */
public class AzureParameters {
    private static final String PREFIX = Cloud.AZURE.property() + ".";

    private String secretsFile;
    private String serverId;
    private String subscriptionId;
    private String tenantId;
    private String resourceGroup;
    private String location;
    private String imagePublisher;
    private String imageOffer;
    private String imageSku;
    private String vmSize;
    private String cloudEnvironment;
    private String buildResourceGroup;
    private GalleryParameters gallery;
    private String pluginVersion;

    AzureSettings toSettings(PropertyOverrides p, Function<String, Path> path) {
        return new AzureSettings(
                path.apply(p.string(PREFIX + "secretsFile", secretsFile)),
                serverId(p),
                p.string(PREFIX + "subscriptionId", subscriptionId),
                p.string(PREFIX + "tenantId", tenantId),
                p.string(PREFIX + "resourceGroup", resourceGroup),
                p.string(PREFIX + "location", location),
                p.string(PREFIX + "imagePublisher", imagePublisher),
                p.string(PREFIX + "imageOffer", imageOffer),
                p.string(PREFIX + "imageSku", imageSku),
                p.string(PREFIX + "vmSize", vmSize),
                p.string(PREFIX + "cloudEnvironment", cloudEnvironment),
                p.string(PREFIX + "buildResourceGroup", buildResourceGroup),
                (gallery == null ? new GalleryParameters() : gallery).toGallery(p, PREFIX + "gallery."),
                p.string(PREFIX + "pluginVersion", pluginVersion));
    }

    String serverId(PropertyOverrides p) {
        return p.string(PREFIX + "serverId", serverId);
    }

    /** {@code <azure><gallery>}: the Azure Compute Gallery image definition a build adds a version to. */
    public static class GalleryParameters {
        private String name;
        private String resourceGroup;
        private String imageDefinition;
        private List<String> replicationRegions;

        /** Null when neither the POM nor a property names any part of a gallery. */
        AzureGallery toGallery(PropertyOverrides p, String prefix) {
            AzureGallery gallery = new AzureGallery(p.string(prefix + "name", name),
                    p.string(prefix + "resourceGroup", resourceGroup),
                    p.string(prefix + "imageDefinition", imageDefinition),
                    p.list(prefix + "replicationRegions", replicationRegions));
            boolean given = gallery.name() != null || gallery.resourceGroup() != null
                    || gallery.imageDefinition() != null || !gallery.replicationRegions().isEmpty();
            return given ? gallery : null;
        }
    }
}
