package org.arvados.maven.image;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shell script the image build uploads passes shellcheck at warning level, and index.txt lists them all. */
class ShellcheckTest {
    private static final Path TEMPLATES = Path.of("templates");
    private static final Path SCRIPTS = TEMPLATES.resolve("scripts");

    @Test
    void everyShellScriptUnderTemplatesPassesShellcheck() throws Exception {
        Path shellcheck = Tools.require("shellcheck");
        List<Path> scripts = shellScripts();
        assertThat(scripts).as("shell scripts under templates/").isNotEmpty();

        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "-S", "warning", "-x",
                "--source-path=SCRIPTDIR", "--format=gcc"));
        scripts.forEach(script -> command.add(script.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as("shellcheck findings:%n%s", output).isZero();
    }

    @Test
    void indexListsEveryScriptFileAndOnlyExistingOnes() throws IOException {
        List<String> listed = Files.readAllLines(SCRIPTS.resolve("index.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        List<String> present;
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            present = files.filter(Files::isRegularFile)
                    .map(file -> SCRIPTS.relativize(file).toString())
                    .filter(name -> !name.equals("index.txt"))
                    .toList();
        }

        assertThat(listed).as("templates/scripts/index.txt").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(present);
    }

    /** Files ending in .sh, or starting with a sh/bash shebang. */
    static List<Path> shellScripts() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(Files::isRegularFile).filter(ShellcheckTest::isShellScript).sorted().toList();
        }
    }

    private static boolean isShellScript(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.matches("#!\\s*/(usr/)?bin/(env\\s+)?(ba)?sh\\b.*");
        } catch (IOException | java.io.UncheckedIOException notText) {
            return false;
        }
    }
}
