package org.arvados.maven.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One built image: what {@code <cloud>-image.json} holds and what the ledger keeps for every build.
 *
 * @param cloud         aws, azure or gcp
 * @param clusterId     the Arvados cluster the image is for
 * @param imageId       what config.yml's {@code Containers.CloudVMs.ImageID} takes: the AMI in the build
 *                      region (AWS), the managed image name (Azure), the image name (GCP)
 * @param region        the build region (AWS), location (Azure) or zone (GCP)
 * @param regions       region to image ID, for AWS AMI copies (the build region included); empty elsewhere
 * @param artifactId    packer's artifact ID as printed (e.g. {@code eu-west-1:ami-1,us-east-1:ami-2})
 * @param builtAt       when the build finished
 * @param packerVersion packer's version, e.g. {@code 1.6.6}
 * @param inputsHash    hash of everything that goes into the image; equal hashes mean up to date
 * @param templateFile  the rendered template the image was built from
 * @param packerPlugin  the plugin the builder came from (packer 1.10+), e.g.
 *                      {@code github.com/hashicorp/amazon v1.3.10}; null when packer bundled it
 * @param gallery       the Azure Compute Gallery version the build also published; null for none
 */
@JsonPropertyOrder({"cloud", "clusterId", "imageId", "region", "regions", "artifactId", "builtAt",
        "packerVersion", "packerPlugin", "inputsHash", "templateFile", "gallery"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRecord(
        String cloud,
        String clusterId,
        String imageId,
        String region,
        Map<String, String> regions,
        String artifactId,
        Instant builtAt,
        String packerVersion,
        String inputsHash,
        String templateFile,
        String packerPlugin,
        Gallery gallery) {

    public ImageRecord {
        // Sorted, and kept sorted: Map.copyOf iterates in a per-JVM random order, which would reorder the
        // committed ledger's "regions" (and the log's list of copies) from one run to the next.
        regions = regions == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(regions));
    }

    /**
     * An image version in an Azure Compute Gallery: what config.yml's SharedImageGalleryName,
     * SharedImageGalleryImageVersion, ImageResourceGroup and (the definition) ImageID take.
     */
    @JsonPropertyOrder({"name", "resourceGroup", "imageDefinition", "imageVersion", "replicationRegions"})
    public record Gallery(String name, String resourceGroup, String imageDefinition, String imageVersion,
                          List<String> replicationRegions) {
        public Gallery {
            replicationRegions = replicationRegions == null ? List.of() : List.copyOf(replicationRegions);
        }
    }

    public boolean isFor(String cloud, String clusterId) {
        return this.cloud.equals(cloud) && this.clusterId.equals(clusterId);
    }
}
