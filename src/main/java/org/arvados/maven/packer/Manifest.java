package org.arvados.maven.packer;

import org.arvados.maven.common.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The file packer's {@code manifest} post-processor writes. It APPENDS one entry per build per run, so
 * only the builds of the last run ({@code packer_run_uuid == last_run_uuid}) describe this build.
 */
public final class Manifest {
    private Manifest() {
    }

    /** One build entry. {@code artifactId} is the same ID as the build's {@code artifact,N,id} line. */
    public record Build(String name, String builderType, long buildTime, String artifactId, String packerRunUuid,
                        Map<String, String> customData) {
    }

    /** The file as packer writes it: its components are named as its fields are. */
    private record File(List<Entry> builds, String last_run_uuid) {
    }

    private record Entry(String name, String builder_type, Long build_time, String artifact_id, String packer_run_uuid,
                         Map<String, String> custom_data) {
        Build build() {
            return new Build(name, builder_type, build_time == null ? 0 : build_time, artifact_id, packer_run_uuid,
                    custom_data);
        }
    }

    /** The builds of the last run recorded in {@code manifestJson}; empty when it has none. */
    public static List<Build> readLastRun(Path manifestJson) throws IOException {
        File file = Json.read(Files.readAllBytes(manifestJson), File.class);
        if (file.builds() == null || file.last_run_uuid() == null) {
            return List.of();
        }
        return file.builds().stream().filter(entry -> file.last_run_uuid().equals(entry.packer_run_uuid()))
                .map(Entry::build).toList();
    }
}
