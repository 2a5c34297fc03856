package org.arvados.maven.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.config.ConfigEdit;
import org.arvados.maven.config.ConfigEditor;
import org.arvados.maven.image.SecretsFile;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.packer.MachineReadableParser;
import org.arvados.maven.packer.MalformedOutputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz targets for the parsers that read what users and packer write. Every build runs each on its seed
 * corpus (the project's own fixtures, and every input that once failed) as a regression test; with JAZZER_FUZZ=1
 * Jazzer fuzzes one target for its maxDuration. A target fails on anything but the parser's own refusal, or on a
 * result that breaks what the parser promises.
 */
class FuzzTargetsTest {
    /** The fixed words of the secrets file's refusals (digits left out): a line made of them may appear. */
    private static final String SECRETS_WORDING = digitless(new InvalidInputException(List.of(
            "secrets file :1: not an `export NAME=value` line (put values with spaces or shell characters in single"
                    + " quotes; the line is not shown because it may hold a secret)", "secrets file  is not UTF-8 text"))
            .getMessage());
    private static final List<String> VALUES = List.of("ami-0123456789abcdef0", "crunch", "", "true", "123", "a: b",
            "multi\nline", "\uD83D\uDE00", "-dash", "#hash", "[x]", " lead", "it's", "\"quoted\"", "2001-01-01", "~");
    private static final List<String> IMAGE_ID = List.of("Clusters", "zzzzz", "Containers", "CloudVMs", "ImageID");
    private static final List<String> ADMIN = List.of("Clusters", "zzzzz", "Containers", "CloudVMs", "DriverParameters",
            "AdminUsername");
    private static final Path WORK = workFolder();

    /** A secrets file: parsed or refused, and a refusal never shows a line of the file (one may hold a secret). */
    @FuzzTest(maxDuration = "60s")
    void secretsFile(byte[] bytes) throws IOException {
        Path file = Files.write(WORK.resolve("aws.env"), bytes);
        Map<String, String> values;
        try {
            values = SecretsFile.parse(file);
        } catch (InvalidInputException refused) {
            String shown = digitless(refused.getMessage().replace(file.toString(), ""));
            new String(bytes, StandardCharsets.UTF_8).lines().map(line -> digitless(line).strip())
                    .filter(line -> line.length() >= 8 && !SECRETS_WORDING.contains(line))
                    .forEach(line -> assertThat(shown).doesNotContain(line));
            return;
        }
        values.forEach((name, value) -> {
            assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(value).doesNotContain("\n");
        });
    }

    /** Any line on packer's output: an event or MalformedOutputException; escaping round-trips text packer can escape. */
    @FuzzTest(maxDuration = "60s")
    void machineReadableLine(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        try {
            MachineReadableParser.parse(line);
        } catch (MalformedOutputException expected) {
            // the parser's one refusal
        }
        // Packer's escaping leaves backslashes and its own comma marker alone, so text holding them is ambiguous.
        String plain = line.replace("\\", "");
        while (plain.contains("%!(")) {
            plain = plain.replace("%!(", "");
        }
        assertThat(MachineReadableParser.unescape(MachineReadableParser.escape(plain))).isEqualTo(plain);
    }

    /** A ledger file: read, with every entry complete, or refused naming the file. */
    @FuzzTest(maxDuration = "60s")
    void ledger(byte[] bytes) throws IOException {
        Path file = Files.write(WORK.resolve("arvados-images.json"), bytes);
        Ledger ledger;
        try {
            ledger = Ledger.read(file);
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).contains(file.toString());
            return;
        }
        for (ImageRecord image : ledger.images()) {
            assertThat(image.cloud()).isNotNull();
            assertThat(image.clusterId()).isNotNull();
            assertThat(image.imageId()).isNotNull();
            assertThat(image.builtAt()).isNotNull();
        }
        ledger.latest("aws", "zzzzz");
        ledger.cloudsFor("zzzzz");
    }

    /**
     * A config.yml (the value and the key to set are picked from the text's length, so a seed is a plain file): the
     * edited text reads back with the value at its path, or the editor refuses. A refusal by the editor's own final
     * check (the text "would read back differently") is a planning bug: it fails.
     */
    @FuzzTest(maxDuration = "60s")
    void configEditor(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String value = VALUES.get(text.length() % VALUES.size());
        List<String> path = text.length() / VALUES.size() % 2 == 0 ? IMAGE_ID : ADMIN;
        ConfigEditor.Result result;
        try {
            result = ConfigEditor.edit(text, List.of(ConfigEdit.set(path, value)), "config.yml");
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).doesNotContain("would read back differently");
            return;
        }
        assertThat(scalarAt(result.text(), path)).isEqualTo(value);
    }

    /** The scalar's text at {@code path}, read by SnakeYAML's composer (no type resolution), or null. */
    private static String scalarAt(String text, List<String> path) {
        Node node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        for (String key : path) {
            if (!(node instanceof MappingNode mapping)) {
                return null;
            }
            node = mapping.getValue().stream()
                    .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key))
                    .map(NodeTuple::getValueNode)
                    .reduce((first, second) -> second)
                    .orElse(null);
        }
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static String digitless(String text) {
        return text.replaceAll("[0-9]", "");
    }

    private static Path workFolder() {
        try {
            Path folder = Files.createTempDirectory("fuzz-targets");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
