package org.arvados.maven.packer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.arvados.maven.common.JsonMappers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The file packer's {@code manifest} post-processor writes. It APPENDS one entry per build per run, so
 * only the builds of the last run ({@code packer_run_uuid == last_run_uuid}) describe this build.
 */
public final class Manifest {
    private static final ObjectMapper JSON = JsonMappers.JSON;

    private Manifest() {
    }

    /** One build entry. {@code artifactId} is the same ID as the build's {@code artifact,N,id} line. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Build(@JsonProperty("name") String name,
                        @JsonProperty("builder_type") String builderType,
                        @JsonProperty("build_time") long buildTime,
                        @JsonProperty("artifact_id") String artifactId,
                        @JsonProperty("packer_run_uuid") String packerRunUuid,
                        @JsonProperty("custom_data") Map<String, String> customData) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record File(@JsonProperty("builds") List<Build> builds,
                        @JsonProperty("last_run_uuid") String lastRunUuid) {
    }

    /** The builds of the last run recorded in {@code manifestJson}; empty when it has none. */
    public static List<Build> readLastRun(Path manifestJson) throws IOException {
        File file = JSON.readValue(manifestJson.toFile(), File.class);
        if (file.builds() == null || file.lastRunUuid() == null) {
            return List.of();
        }
        return file.builds().stream().filter(build -> file.lastRunUuid().equals(build.packerRunUuid())).toList();
    }
}
