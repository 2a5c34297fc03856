package org.arvados.maven.packer;

import java.util.List;

/**
 * What one build produced, from its {@code artifact} lines. {@code id} is the image ID: amazon-ebs
 * {@code region:ami-id} (several regions joined by commas), azure-arm the managed image's resource ID,
 * googlecompute the image name.
 */
public record Artifact(String build, String builderId, String id, String description, List<String> files) {
    public Artifact {
        files = List.copyOf(files);
    }
}
