package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.arvados.maven.config.ConfigFixtures.copy;
import static org.arvados.maven.config.ConfigFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** update-config for an Azure image from the ledger: a gallery version, or a managed image after one. */
class GalleryConfigTest {
    @TempDir
    Path dir;

    private static ImageRecord azureImage(String name, ImageRecord.Gallery gallery) {
        // The name ends in the build's epoch seconds, as packer's {{timestamp}} makes it.
        Instant builtAt = Instant.ofEpochSecond(Long.parseLong(name.substring(name.lastIndexOf('v') + 1)));
        return new ImageRecord("azure", "zzzzz", name, "eastus", Map.of(), "/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.Compute/images/" + name, builtAt, "1.6.6", "abc",
                "target/arvados/azure/template.json", null, gallery, null, null);
    }

    private ConfigFixtures.Request fromLedger(Path config, ImageRecord image) throws IOException {
        ConfigFixtures.Request request = request(config);
        request.cloud = "azure";
        request.imageId = null;
        Ledger.read(request.ledger).append(image);
        return request;
    }

    @Test
    void aGalleryVersionWritesTheDefinitionGalleryVersionAndResourceGroup() throws IOException {
        Path config = copy("minimal.yml", dir);
        fromLedger(config, azureImage("zzzzz-compute-v1764581405", new ImageRecord.Gallery("arvados_images",
                "arvados-gallery", "zzzzz-compute", "2026.1201.93005", List.of("eastus")))).run();

        String text = Files.readString(config);
        assertThat(text).contains("ImageID: zzzzz-compute\n", "Driver: azure", "SharedImageGalleryName: arvados_images",
                "SharedImageGalleryImageVersion: 2026.1201.93005", "ImageResourceGroup: arvados-gallery");
        assertThat(text).doesNotContain("zzzzz-compute-v1764581405");
    }

    @Test
    void aManagedImageFromTheLedgerDropsTheGalleryKeysOfAnEarlierOne() throws IOException {
        Path config = copy("minimal.yml", dir);
        fromLedger(config, azureImage("zzzzz-compute-v1764581405", new ImageRecord.Gallery("arvados_images",
                "arvados-gallery", "zzzzz-compute", "2026.1201.93005", List.of()))).run();
        ConfigFixtures.Request managed = request(config);
        managed.cloud = "azure";
        managed.imageId = null;
        Ledger.read(managed.ledger).append(azureImage("zzzzz-compute-v1764590000", null));

        managed.run();

        String text = Files.readString(config);
        assertThat(text).contains("ImageID: zzzzz-compute-v1764590000", "ImageResourceGroup: arvados-gallery")
                .doesNotContain("SharedImageGalleryName", "SharedImageGalleryImageVersion");
    }

    @Test
    void aGivenImageIdLeavesTheGalleryKeysAsTheyAre() throws IOException {
        Path config = copy("minimal.yml", dir);
        fromLedger(config, azureImage("zzzzz-compute-v1764581405", new ImageRecord.Gallery("arvados_images",
                "arvados-gallery", "zzzzz-compute", "2026.1201.93005", List.of()))).run();
        ConfigFixtures.Request given = request(config);
        given.cloud = "azure";
        given.imageId = "zzzzz-compute-gpu";

        given.run();

        assertThat(Files.readString(config)).contains("ImageID: zzzzz-compute-gpu",
                "SharedImageGalleryName: arvados_images", "SharedImageGalleryImageVersion: 2026.1201.93005");
    }

    /** An Azure entry with a gallery version, as one writes it by hand. */
    private static final String HAND_WRITTEN = """
            {
              "images" : [ {
                "cloud" : "azure",
                "clusterId" : "zzzzz",
                "imageId" : "zzzzz-compute-v1764581405",
                "region" : "eastus",
                "builtAt" : "2025-12-01T09:30:05Z",
                "inputsHash" : "abc",
                "gallery" : {
                  "name" : "arvados_images",
                  "resourceGroup" : "arvados-gallery",
                  "imageDefinition" : "zzzzz-compute",
                  "imageVersion" : "2026.1201.93005",
                  "replicationRegions" : [ "eastus" ]
                }
              } ]
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"name", "resourceGroup", "imageDefinition", "imageVersion"})
    void aGalleryLackingAFieldIsNamedAndNothingIsWritten(String field) throws IOException {
        Path config = copy("minimal.yml", dir);
        ConfigFixtures.Request request = request(config);
        request.cloud = "azure";
        request.imageId = null;
        Files.writeString(request.ledger, HAND_WRITTEN.lines().filter(line -> !line.contains("\"" + field + "\""))
                .collect(Collectors.joining("\n")));
        String before = Files.readString(config);

        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The image ledger " + request.ledger + " (arvados.ledgerFile): entry 1 (image"
                        + " zzzzz-compute-v1764581405, built 2025-12-01T09:30:05Z) has no gallery." + field
                        + ": add it as the image was built (e.g. \"" + field + "\": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readString(config)).isEqualTo(before);
    }

    /** check-config and cloudtest look the config's image up among the gallery versions too. */
    @Test
    void aGalleryWithoutItsVersionIsNamedWhenTheImageInUseIsLookedUp() throws IOException {
        Path ledger = Files.writeString(dir.resolve("arvados-images.json"), HAND_WRITTEN.replace(
                "\"imageVersion\" : \"2026.1201.93005\",", ""));
        ImageInUse inUse = new ImageInUse("zzzzz", "zzzzz-compute", "2026.1201.93005");

        assertThatThrownBy(() -> inUse.entry(Ledger.read(ledger), "azure")).isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + ledger + " (arvados.ledgerFile): entry 1 (image"
                        + " zzzzz-compute-v1764581405, built 2025-12-01T09:30:05Z) has no gallery.imageVersion: add it"
                        + " as the image was built (e.g. \"imageVersion\": \"1.0.0\"), or restore the file from version"
                        + " control.");
    }
}
