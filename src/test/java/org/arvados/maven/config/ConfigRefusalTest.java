package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.arvados.maven.config.ConfigFixtures.read;
import static org.arvados.maven.config.ConfigFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every documented refusal: one clear message, and the file untouched (bytes, mtime, no stray files). */
class ConfigRefusalTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void setUp() {
        config = dir.resolve("config.yml");
    }

    /** Writes {@code text} as config.yml, runs the adjusted request, expects a refusal with {@code message}. */
    private void assertRefused(String text, Consumer<ConfigFixtures.Request> adjust, String... message) throws IOException {
        Files.writeString(config, text);
        Files.setLastModifiedTime(config, LONG_AGO);
        byte[] before = Files.readAllBytes(config);
        ConfigFixtures.Request request = request(config);
        request.backup = true;
        adjust.accept(request);
        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class).hasMessageContainingAll(message);
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(config)).isEqualTo(LONG_AGO);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsOnly("config.yml");
        }
    }

    private void assertRefused(String text, String... message) throws IOException {
        assertRefused(text, request -> { }, message);
    }

    @Test
    void missingFile() {
        ConfigFixtures.Request request = request(dir.resolve("nope.yml"));
        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("nope.yml", "does not exist", "arvados.configFile");
    }

    @Test
    void notYamlNamesLineAndColumn() throws IOException {
        assertRefused("Clusters:\n  zzzzz:\n    Containers: [unclosed\n    X: 1\n",
                "is not valid YAML at line ", ", column ", "config.yml");
    }

    @Test
    void emptyFile() throws IOException {
        assertRefused("# nothing yet\n", "is empty", "no Clusters section");
    }

    @Test
    void noClustersSection() throws IOException {
        assertRefused("# just a comment\nServices: {}\n", "has no Clusters section");
    }

    @Test
    void unknownClusterListsThoseThere() throws IOException {
        assertRefused(read("cluster.yml"), request -> request.clusterId = "xxxxx",
                "no cluster xxxxx", "(it has: zzzzz, yyyyy)", "arvados.clusterId");
    }

    @ParameterizedTest
    @CsvSource({
            "aws, ami-12345, an AMI ID",
            "aws, zzzzz-compute-v1, an AMI ID",
            "azure, 'bad name!', a managed image name",
            "gcp, Upper_Case, a GCP image name",
    })
    void imageIdThatDoesNotFitTheCloud(String cloud, String imageId, String expected) throws IOException {
        assertRefused(read("cluster.yml"), request -> {
            request.cloud = cloud;
            request.imageId = imageId;
        }, "The image ID " + imageId, expected, "-Darvados.imageId");
    }

    @Test
    void noLedgerAndNoImageId() throws IOException {
        assertRefused(read("cluster.yml"), request -> {
            request.imageId = null;
            request.cloud = null;
        }, "No image of cluster zzzzz", "arvados-images.json", "run the image goal", "-Darvados.imageId");
    }

    @Test
    void ledgerWithoutACopyInTheDispatchersRegion() throws IOException {
        String euWest = read("cluster.yml").replace("Region: us-east-1", "Region: ap-south-1");
        Files.writeString(dir.resolve("arvados-images.json"), read("ledger.json").replace("2026-11-20", "2026-10-20"));
        ConfigFixtures.Request request = request(config);
        request.imageId = null;
        Files.writeString(config, euWest);
        assertThatThrownBy(request::run).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("eu-west-1, us-east-1", "Region is ap-south-1", "amiRegions");
        assertThat(Files.readString(config)).isEqualTo(euWest);
    }

    @Test
    void tabIndentation() throws IOException {
        assertRefused("Clusters:\n\tzzzzz:\n\t\tContainers: {}\n", "line 2 is indented with a tab");
    }

    @Test
    void anchorOnThePath() throws IOException {
        assertRefused("""
                common: &vms
                  ImageID: ami-00000000
                Clusters:
                  zzzzz:
                    Containers:
                      CloudVMs: *vms
                """, "cannot edit Clusters.zzzzz.Containers.CloudVMs.ImageID safely", "anchor or alias (&vms)");
    }

    @Test
    void mergeKeyOnThePath() throws IOException {
        assertRefused("""
                defaults: &defaults
                  Driver: ec2
                Clusters:
                  zzzzz:
                    Containers:
                      CloudVMs:
                        <<: *defaults
                        ImageID: ami-00000000
                """, "merge key (<<)");
    }

    /** Found by the config.yml fuzz target: the editor passed an empty explicit key by, and its final check refused. */
    @Test
    void explicitKeyOnThePath() throws IOException {
        assertRefused("Clusters:\n  ? [a, b]\n  : x\n  zzzzz: {}\n", "cannot edit Clusters.zzzzz.Containers.CloudVMs.",
                "a key that is empty or not a plain name (? ...) at line 2");
        assertRefused("?", "a key that is empty or not a plain name (? ...) at line 1");
        assertRefused("# c\n   ?  > # folded\n", "a key that is empty or not a plain name (? ...) at line 2");
        assertRefused("?\n >", "a key that is empty or not a plain name (? ...) at line 2");
    }

    /** Found by the config.yml fuzz target: YAML reads a lone CR as a line break, the editor did not. */
    @Test
    void lineBreaksOtherThanLfOrCrlf() throws IOException {
        for (String lineBreak : java.util.List.of("\r", "\u0085", "\u2028", "\u2029")) {
            assertRefused("Clusters:\r\n  zzzzz:" + lineBreak + "    Containers: {}\n",
                    "line 2 has a line break other than LF or CRLF (a lone CR, NEL, LS or PS)");
        }
    }

    @Test
    void severalDocuments() throws IOException {
        assertRefused("Clusters:\n  zzzzz: {}\n---\nClusters:\n  yyyyy: {}\n", "holds 2 YAML documents");
    }

    @Test
    void scalarWhereAMappingIsNeeded() throws IOException {
        assertRefused("Clusters:\n  zzzzz:\n    Containers: none\n", "Clusters.zzzzz.Containers at line 3 is a single value");
    }

    @Test
    void duplicateKeys() throws IOException {
        assertRefused("Clusters:\n  zzzzz: {}\n  zzzzz: {}\n", "duplicate key zzzzz at lines 2 and 3");
    }

    @Test
    void ebsAutoscaleOutsideAws() throws IOException {
        assertRefused(read("cluster.yml"), request -> {
            request.cloud = "azure";
            request.imageId = "zzzzz-compute-v1";
            request.ebsAutoscale = true;
        }, "<aws><ebsAutoscale> (arvados.aws.ebsAutoscale) is for AWS images");
    }

    @Test
    void ebsAutoscaleWithoutInstanceProfile() throws IOException {
        assertRefused(read("cluster.yml"), request -> request.ebsAutoscale = true, "arvados.aws.iamInstanceProfile");
    }

    @Test
    void badParametersAreReportedTogether() throws IOException {
        assertRefused(read("cluster.yml"), request -> {
            request.clusterId = "ZZ";
            request.cloud = "openstack";
            request.dispatchPrivateKey = "/etc/arvados/id_dispatcher";
        }, "3 problems", "arvados.clusterId", "arvados.cloud", "file:///");
    }

    @Test
    void privateKeyTextIsNotAParameter() throws IOException {
        assertRefused(read("cluster.yml"), request -> request.dispatchPrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n",
                "<dispatchPrivateKey> (arvados.dispatchPrivateKey) must be file:///", "never the key itself");
    }

    @Test
    void fileChangedOnDiskAfterReading() throws IOException {
        Files.writeString(config, read("cluster.yml"));
        ConfigSnapshot snapshot = ConfigSnapshot.read(config);
        Files.writeString(config, read("cluster.yml") + "# edited meanwhile\n");
        assertThatThrownBy(snapshot::checkUnchanged).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("changed on disk");
    }

    @Test
    void editorRefusesWhatWouldReadBackDifferently() {
        // Removing the only key of a block mapping would leave a null, not an empty mapping.
        assertThatThrownBy(() -> ConfigEditor.edit("a:\n  b: 1\n", List.of(ConfigEdit.remove(List.of("a", "b"))), "x.yml"))
                .isInstanceOf(UnsupportedLayoutException.class)
                .hasMessageContaining("would read back differently");
    }
}
