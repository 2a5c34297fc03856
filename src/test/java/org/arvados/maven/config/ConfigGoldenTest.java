package org.arvados.maven.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.arvados.maven.config.ConfigFixtures.copy;
import static org.arvados.maven.config.ConfigFixtures.read;
import static org.arvados.maven.config.ConfigFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of edit on realistic files, against reviewed expected outputs in
 * src/test/resources/config/expected. Run with -Darvados.golden.write=true to rewrite them (then review
 * the diff before committing).
 */
class ConfigGoldenTest {
    @TempDir
    Path dir;

    private void assertGolden(String fixture, String expected, Consumer<ConfigFixtures.Request> adjust) throws IOException {
        Path config = copy(fixture, dir);
        ConfigFixtures.Request request = request(config);
        adjust.accept(request);
        request.run();
        String actual = Files.readString(config);
        Path golden = Path.of("src/test/resources/config/expected", expected);
        if (Boolean.getBoolean("arvados.golden.write")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }

    @Test
    void replacesImageAndAdminUserKeepingCommentsAndQuotes() throws IOException {
        assertGolden("cluster.yml", "replace.yml", request -> { });
    }

    @Test
    void insertsMissingSectionsWithTheFilesOwnIndentation() throws IOException {
        assertGolden("minimal.yml", "insert-section.yml", request -> { });
    }

    @Test
    void replacesABlockScalarPrivateKeyWithAFileUrl() throws IOException {
        assertGolden("cluster.yml", "block-scalar.yml", request -> {
            request.imageId = "ami-0aaaaaaaaaaaaaaa1";
            request.adminUsername = null;
            request.dispatchPrivateKey = "file:///etc/arvados/id_dispatcher";
        });
    }

    @Test
    void ebsAutoscaleRewritesEveryInstanceType() throws IOException {
        assertGolden("cluster.yml", "ebs-autoscale.yml", request -> {
            request.ebsAutoscale = true;
            request.iamInstanceProfile = "arvados-ebs-autoscale";
        });
    }

    @Test
    void editsInsideAFlowMappingKeepItOnOneLine() throws IOException {
        assertGolden("cluster.yml", "flow-mapping.yml", request -> {
            request.clusterId = "yyyyy";
            request.imageId = "ami-0bbbbbbbbbbbbbbb2";
            request.ebsAutoscale = true;
            request.iamInstanceProfile = "arvados-ebs-autoscale";
            request.includedScratch = "5TB";
        });
    }

    @Test
    void secondClusterLeavesTheFirstByteIdentical() throws IOException {
        assertGolden("cluster.yml", "second-cluster.yml", request -> {
            request.clusterId = "yyyyy";
            request.adminUsername = "arvados";
        });
        String before = read("cluster.yml");
        String after = Files.readString(dir.resolve("config.yml"));
        int yyyyy = before.indexOf("  yyyyy:");
        assertThat(after).startsWith(before.substring(0, yyyyy));
    }

    @Test
    void crlfFileKeepsCrlfEverywhere() throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, read("cluster.yml").replace("\n", "\r\n"));
        request(config).run();
        String expected = Files.readString(Path.of("src/test/resources/config/expected/replace.yml"));
        assertThat(Files.readString(config)).isEqualTo(expected.replace("\n", "\r\n"));
    }

    @Test
    void takesTheLatestImageFromTheLedgerInTheDispatchersRegion() throws IOException {
        Path config = copy("cluster.yml", dir);
        Files.copy(ConfigFixtures.resource("ledger.json"), dir.resolve("arvados-images.json"));
        ConfigFixtures.Request request = request(config);
        request.imageId = null;
        request.cloud = null;
        request.run();
        assertThat(Files.readString(config)).contains("ImageID: ami-0333333333333333c   # set by hand on 2026-01-12");
    }

    @Test
    void secondRunChangesNothingAndWritesNoBackup() throws IOException {
        Path config = copy("cluster.yml", dir);
        ConfigFixtures.Request request = request(config);
        request.backup = true;
        assertThat(request.run().written()).isTrue();
        String once = Files.readString(config);
        ConfigFileUpdater.Outcome again = request.run();
        assertThat(again.written()).isFalse();
        assertThat(again.changes()).isEmpty();
        assertThat(Files.readString(config)).isEqualTo(once);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(file -> file.getFileName().toString().contains(".bak-"))).hasSize(1);
        }
    }
}
