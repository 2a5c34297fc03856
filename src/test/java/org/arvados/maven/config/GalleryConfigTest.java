package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.config.ConfigFixtures.copy;
import static org.arvados.maven.config.ConfigFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

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
}
