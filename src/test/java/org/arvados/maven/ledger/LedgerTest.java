package org.arvados.maven.ledger;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.BindMount;
import org.arvados.maven.testing.Immutable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {
    @TempDir
    Path dir;

    private static ImageRecord image(String cloud, String cluster, String id, String at) {
        return new ImageRecord(cloud, cluster, id, "us-east-1", Map.of("us-east-1", id), "us-east-1:" + id,
                Instant.parse(at), "1.6.6", "sha256:abc", "target/arvados/aws/template.json", null, null, null, null);
    }

    @Test
    void missingFileIsAnEmptyLedger() throws Exception {
        Ledger ledger = Ledger.read(dir.resolve("none.json"));
        assertThat(ledger.images()).isEmpty();
        assertThat(ledger.latest("aws", "zzzzz")).isEmpty();
    }

    @Test
    void anEntryOfTheEarlierFormatReadsWithItsNewFieldsUnknownAndKeepsThemOnAppend() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Files.writeString(file, """
                {
                  "images" : [ {
                    "cloud" : "aws",
                    "clusterId" : "zzzzz",
                    "imageId" : "ami-0000000000000001",
                    "region" : "us-east-1",
                    "regions" : { "us-east-1" : "ami-0000000000000001" },
                    "artifactId" : "us-east-1:ami-0000000000000001",
                    "builtAt" : "2026-01-01T00:00:00Z",
                    "packerVersion" : "1.6.6",
                    "inputsHash" : "abc",
                    "templateFile" : "target/arvados/aws/template.json"
                  } ]
                }
                """);

        ImageRecord old = Ledger.read(file).images().get(0);
        assertThat(old.builtWith()).as("unknown, not defaults").isNull();
        assertThat(old.bom()).isNull();
        ImageRecord built = new ImageRecord("aws", "zzzzz", "ami-0000000000000002", "us-east-1", Map.of(), "x",
                Instant.parse("2026-02-01T00:00:00Z"), "1.6.6", "def", "t.json", null, null,
                new ImageRecord.BuiltWith("crunch", 22, "docker", false, false, "disks", "SHA256:abc", null),
                new ImageRecord.BillOfMaterials(new ImageRecord.Distribution("debian", "13", "trixie"), "6.12.57",
                        "docker", Map.of("docker.io", "26.1.5"), null, null));
        Ledger.read(file).append(built);

        assertThat(Ledger.read(file).images()).containsExactly(old, built);
        assertThat(Files.readString(file)).contains("\"builtWith\"", "\"keyFingerprint\" : \"SHA256:abc\"",
                "\"docker.io\" : \"26.1.5\"");
    }

    @Test
    void updateReplacesOnlyTheSameBuildAndKeepsEntriesAppendedMeanwhile() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        ImageRecord first = image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z");
        ImageRecord second = image("aws", "zzzzz", "ami-0000000000000002", "2026-02-01T00:00:00Z");
        Ledger stale = Ledger.read(file).append(first);
        Ledger.read(file).append(second);
        ImageRecord.Cloudtest failed = new ImageRecord.Cloudtest(false, Instant.parse("2026-03-01T00:00:00Z"), 300,
                "m5.large", java.util.List.of("level=error msg=\"timed out\""));

        stale.update(first, image -> image.withCloudtest(failed));

        Ledger reread = Ledger.read(file);
        assertThat(reread.images()).hasSize(2);
        assertThat(reread.images().get(0).latestCloudtest()).hasValue(failed);
        assertThat(reread.images().get(1)).isEqualTo(second);
        assertThat(Files.readString(file)).contains("\"cloudtests\"", "\"outputTail\"").doesNotContain("\"deleted\"");
    }

    @Test
    void updateOfAnEntryNoLongerThereIsAnErrorAndWritesNothing() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"));
        byte[] before = Files.readAllBytes(file);
        ImageRecord absent = image("aws", "zzzzz", "ami-0000000000000009", "2026-01-01T00:00:00Z");

        assertThatThrownBy(() -> Ledger.read(file).update(absent, image -> image.withDeleted("us-east-1:ami-0000000000000009")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no longer holds ami-0000000000000009");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void appendsAndFindsTheLatestPerCloudAndCluster() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Ledger.read(file)
                .append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"))
                .append(image("aws", "zzzzz", "ami-0000000000000002", "2026-02-01T00:00:00Z"))
                .append(image("aws", "yyyyy", "ami-0000000000000003", "2026-03-01T00:00:00Z"));

        Ledger reread = Ledger.read(file);
        assertThat(reread.images()).hasSize(3);
        assertThat(reread.latest("aws", "zzzzz")).map(ImageRecord::imageId).hasValue("ami-0000000000000002");
        assertThat(reread.latest("azure", "zzzzz")).isEmpty();
        assertThat(reread.cloudsFor("zzzzz")).containsExactly("aws");
        assertThat(Files.readString(file)).contains("\"builtAt\" : \"2026-02-01T00:00:00Z\"");
    }

    @Test
    void aLedgerThatIsASymbolicLinkIsWrittenThroughItAndLockedAtItsTarget() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared")).resolve("images.json");
        Path link = Files.createDirectories(dir.resolve("project")).resolve("arvados-images.json");
        Files.createSymbolicLink(link, Path.of("../shared/images.json"));

        Ledger.read(link).append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Ledger.read(shared).images()).extracting(ImageRecord::imageId).containsExactly("ami-0000000000000001");
        assertThat(dir.resolve("shared/.images.json.lock")).exists();
        assertThat(dir.resolve("project/.arvados-images.json.lock")).doesNotExist();
    }

    @Test
    void aReadOnlyLedgerKeepsItsMode() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));

        Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000002", "2026-02-01T00:00:00Z"));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--r--r--");
    }

    @Test
    void aLedgerThatIsNoObjectOrAFolderIsNamedPlainly() throws Exception {
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[]\n");
        assertThatThrownBy(() -> Ledger.read(array))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The image ledger " + array + " is a JSON array, not an object {\"images\": [...]}: fix it"
                        + " by hand or restore it from version control (arvados.ledgerFile).");
        Path folder = Files.createDirectories(dir.resolve("folder.json"));
        assertThatThrownBy(() -> Ledger.read(folder))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): " + folder + " is a folder;");
    }

    @Test
    void aLedgerWhoseFolderRefusesNewFilesFailsTheCheckBeforeABuild() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frozen"));
        Path file = folder.resolve("arvados-images.json");
        try (Immutable ignored = Immutable.make(folder)) {
            assertThatThrownBy(() -> Ledger.read(file).checkWritable("nothing was built"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): cannot write " + file
                            + " (Operation not permitted); the result could not be recorded, so nothing was built.");
        }
        Ledger.read(dir.resolve("fine.json")).checkWritable("nothing was done");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("frozen");
        }
    }

    /** A ledger file that refuses to be replaced in a folder that takes new files: the check must see the file too. */
    @Test
    void anImmutableLedgerFileFailsTheCheckAndStaysAsItWas() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"));
        String before = Files.readString(file);
        try (Immutable ignored = Immutable.make(file)) {
            assertThatThrownBy(() -> Ledger.read(file).checkWritable("nothing was built"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("<ledgerFile> (arvados.ledgerFile): cannot write " + file + " (Operation not permitted:"
                            + " the file itself cannot be replaced (immutable or append-only, see lsattr; or on a"
                            + " read-only mount)); the result could not be recorded, so nothing was built. Make it"
                            + " writable or point ledgerFile elsewhere.");
        }
        assertThat(Files.readString(file)).isEqualTo(before);
        Ledger.read(file).checkWritable("nothing was built");
        assertThat(leftovers()).containsExactly("arvados-images.json");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBindMountedLedgerFileFailsTheCheck(boolean readOnly) throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000001", "2026-01-01T00:00:00Z"));
        String before = Files.readString(file);
        try (BindMount ignored = BindMount.onItself(file, readOnly)) {
            assertThatThrownBy(() -> Ledger.read(file).checkWritable("nothing was built"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("<ledgerFile> (arvados.ledgerFile): cannot write " + file + " ("
                            + (readOnly ? "Read-only file system: the file itself cannot be replaced"
                            : "it is a mount point of its own (a bind-mounted file), which cannot be replaced"))
                    .hasMessageContaining("so nothing was built.");
            // What the check stands for: the real write fails too.
            assertThatThrownBy(() -> Ledger.read(file).append(image("aws", "zzzzz", "ami-0000000000000002",
                    "2026-02-01T00:00:00Z"))).isInstanceOf(java.io.IOException.class);
        }
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    private java.util.List<String> leftovers() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".lock")).toList();
        }
    }

    @Test
    void recordRoundTrips() throws Exception {
        Path file = dir.resolve("aws-image.json");
        ImageRecord record = image("aws", "zzzzz", "ami-0123456789abcdef0", "2026-01-01T00:00:00Z");
        Ledger.writeRecord(file, record);
        assertThat(Ledger.readRecord(file)).isEqualTo(record);
    }

    @Test
    void regionsAreWrittenSortedWhateverTheOrderGiven() throws Exception {
        Map<String, String> regions = new java.util.LinkedHashMap<>();
        for (String region : new String[] {"us-west-2", "ap-south-1", "us-east-1", "eu-west-1", "ca-central-1"}) {
            regions.put(region, "ami-0" + region.replace("-", ""));
        }
        ImageRecord record = new ImageRecord("aws", "zzzzz", "ami-0useast1", "us-east-1", regions, "x",
                Instant.parse("2026-01-01T00:00:00Z"), "1.6.6", "abc", "t.json", null, null, null, null);
        assertThat(record.regions().keySet())
                .containsExactly("ap-south-1", "ca-central-1", "eu-west-1", "us-east-1", "us-west-2");
        Path file = dir.resolve("aws-image.json");
        Ledger.writeRecord(file, record);
        String json = Files.readString(file);
        assertThat(json.indexOf("ap-south-1")).isLessThan(json.indexOf("ca-central-1"));
        assertThat(json.indexOf("us-east-1\" : \"ami")).isLessThan(json.indexOf("us-west-2"));
        assertThatThrownBy(() -> record.regions().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void brokenLedgerNamesTheFileAndLine() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Files.writeString(file, "{\n  \"images\": [\n  oops\n");
        assertThatThrownBy(() -> Ledger.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    /** Found by the ledger fuzz target: NUL bytes made Jackson read UTF-32 and fail with a bare CharConversionException. */
    @Test
    void bytesThatAreNotUtf8AreNamedAsSuch() throws Exception {
        Path file = dir.resolve("arvados-images.json");
        Files.write(file, "{\0\0\0\0\0\0\0\0\0\0\0\0\0\0\"images\":[{\"cloud\":\"aws\"}]}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Ledger.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The image ledger " + file + " is not UTF-8 JSON text (")
                .hasMessageEndingWith("fix it by hand or restore it from version control (arvados.ledgerFile).");
    }
}
