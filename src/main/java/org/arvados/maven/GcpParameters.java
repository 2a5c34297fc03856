package org.arvados.maven;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.GcpSettings;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@code <gcp>} element of the POM. Every field can also be set with {@code -Darvados.gcp.<field>}
 * (which wins over the POM); defaults are {@link GcpSettings}'.
 */
public class GcpParameters {
    private static final String PREFIX = Cloud.GCP.property() + ".";

    private String projectId;
    private String accountFile;
    private String zone;
    private String sourceImageFamily;
    private String sourceImageProjectId;
    private String machineType;
    private Integer diskSize;
    private String pluginVersion;

    GcpSettings toSettings(PropertyOverrides p, Function<String, Path> path) {
        return new GcpSettings(
                p.string(PREFIX + "projectId", projectId),
                path.apply(p.string(PREFIX + "accountFile", accountFile)),
                p.string(PREFIX + "zone", zone),
                p.string(PREFIX + "sourceImageFamily", sourceImageFamily),
                p.string(PREFIX + "sourceImageProjectId", sourceImageProjectId),
                p.string(PREFIX + "machineType", machineType),
                p.integer(PREFIX + "diskSize", diskSize),
                p.string(PREFIX + "pluginVersion", pluginVersion));
    }
}
