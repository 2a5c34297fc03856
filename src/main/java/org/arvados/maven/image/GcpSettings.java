package org.arvados.maven.image;

import org.arvados.maven.packer.PackerPlugin;

import java.nio.file.Path;

import static org.arvados.maven.common.Setting.blankToNull;
import static org.arvados.maven.common.Setting.orDefault;

/**
 * GCP settings ({@code <gcp>}, properties {@code arvados.gcp.*}). Null arguments take the defaults in
 * brackets.
 *
 * @param projectId            project the image goes to (required)
 * @param accountFile          service account JSON key; unset = GOOGLE_APPLICATION_CREDENTIALS or gcloud's
 * @param zone                 [us-central1-f] zone of the build VM
 * @param sourceImageFamily    [debian-12] base image family
 * @param sourceImageProjectId [debian-cloud] project of the base image family
 * @param machineType          [e2-standard-2] build VM type (2 vCPUs, 8 GB, like m5.large)
 * @param diskSize             [20] boot disk GB (at least 10)
 * @param pluginVersion        [{@value #DEFAULT_PLUGIN_VERSION}] github.com/hashicorp/googlecompute for packer 1.10+
 */
public record GcpSettings(
        String projectId,
        Path accountFile,
        String zone,
        String sourceImageFamily,
        String sourceImageProjectId,
        String machineType,
        Integer diskSize,
        String pluginVersion) {

    public static final String DEFAULT_ZONE = "us-central1-f";
    public static final String DEFAULT_SOURCE_IMAGE_FAMILY = "debian-12";
    public static final String DEFAULT_SOURCE_IMAGE_PROJECT_ID = "debian-cloud";
    public static final String DEFAULT_MACHINE_TYPE = "e2-standard-2";
    public static final int DEFAULT_DISK_SIZE = 20;
    /** The googlecompute plugin release a build with packer 1.10+ uses unless pinned otherwise. */
    public static final String DEFAULT_PLUGIN_VERSION = "1.2.1";

    public GcpSettings {
        projectId = blankToNull(projectId);
        zone = orDefault(zone, DEFAULT_ZONE);
        sourceImageFamily = orDefault(sourceImageFamily, DEFAULT_SOURCE_IMAGE_FAMILY);
        sourceImageProjectId = orDefault(sourceImageProjectId, DEFAULT_SOURCE_IMAGE_PROJECT_ID);
        machineType = orDefault(machineType, DEFAULT_MACHINE_TYPE);
        diskSize = diskSize == null ? DEFAULT_DISK_SIZE : diskSize;
        pluginVersion = PackerPlugin.normalise(pluginVersion, DEFAULT_PLUGIN_VERSION);
    }
}
