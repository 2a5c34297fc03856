package org.arvados.maven.packer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealManifest() throws IOException {
        Path manifest = copy("packer-1.6.6-manifest.json");

        assertThat(Manifest.readLastRun(manifest)).containsExactly(new Manifest.Build("null-artifact", "null",
                1795952461L, "Null", "1a916d3a-520c-7903-8a63-e5dfc1d3b2cf",
                Map.of("app_env", "dev", "built_by", "packer-maven-plugin")));
    }

    @Test
    void keepsOnlyTheLastRunOfAnAppendedManifest() throws IOException {
        Path manifest = copy("packer-1.6.6-manifest-appended.json");

        assertThat(Manifest.readLastRun(manifest)).singleElement().satisfies(build -> {
            assertThat(build.artifactId()).isEqualTo("eu-west-1:ami-1,us-east-1:ami-2");
            assertThat(build.customData()).containsEntry("cluster", "zzzzz");
        });
    }

    @Test
    void emptyWhenTheManifestHasNoBuilds() throws IOException {
        Path manifest = dir.resolve("m.json");
        Files.writeString(manifest, "{\"builds\": [], \"last_run_uuid\": \"\"}");

        assertThat(Manifest.readLastRun(manifest)).isEmpty();
    }

    @Test
    void missingOrBrokenManifestIsAnIoError() throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"builds\": [");

        assertThatThrownBy(() -> Manifest.readLastRun(dir.resolve("absent.json"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Manifest.readLastRun(broken)).isInstanceOf(IOException.class);
    }

    private Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/packer/transcripts/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
