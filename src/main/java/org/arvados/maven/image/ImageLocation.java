package org.arvados.maven.image;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a built image is, read from packer's artifact ID.
 *
 * @param imageId what config.yml's ImageID takes (AMI in the build region, managed image name, image name)
 * @param region  the build region (AWS), location (Azure) or zone (GCP)
 * @param regions AWS: region -> AMI for every copy, the build region included; empty elsewhere
 */
public record ImageLocation(String imageId, String region, Map<String, String> regions) {
    public ImageLocation {
        regions = regions == null ? Map.of() : Map.copyOf(new TreeMap<>(regions));
    }
}
