package org.arvados.maven;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What holds for the repository's files: a checkout on Windows (core.autocrlf=true) still gets LF in every script
 * and in what goes into the image, and leaves the byte-compared test inputs alone (as git itself reads
 * .gitattributes); the invoker ITs' POMs stay within their budget.
 */
class RepositoryFilesTest {
    /** The invoker ITs' POMs stay small: what they share is in it-parent, each holds only what is its own. */
    private static final int MAX_IT_POM_LINES = 400;

    @Test
    void everyScriptAndEveryImageFileChecksOutWithLfAndTestInputsAreNeverConverted() throws Exception {
        List<String> files = Arrays.asList(git("ls-files", "-z").split("\0"));
        List<String> scripts = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (file.startsWith("templates/") || Files.isRegularFile(path) && startsWithShebang(path)) {
                scripts.add(file);
            }
        }
        assertThat(scripts).contains("mvnw", ".ci/run", "templates/scripts/arvados-scratch.service",
                "src/test/resources/packer-standin/packer");
        assertThat(attribute("eol", scripts)).as("eol of each script").allSatisfy((file, eol) ->
                assertThat(eol).as(file).isEqualTo("lf"));

        List<String> inputs = files.stream().filter(file -> file.startsWith("src/test/resources/")
                && !scripts.contains(file)).toList();
        assertThat(inputs).contains("src/test/resources/org/arvados/maven/fuzz/FuzzTargetsTestInputs/configEditor"
                + "/found-lone-cr.yml");
        assertThat(attribute("text", inputs)).as("text of each test input").allSatisfy((file, text) ->
                assertThat(text).as(file).isEqualTo("unset"));
    }

    @Test
    void theInvokerItsPomsTogetherStayUnderTheirBudget() throws IOException {
        long lines;
        try (var poms = Files.find(Path.of("src/it"), 2, (path, attributes) -> path.endsWith("pom.xml"))) {
            lines = poms.mapToLong(RepositoryFilesTest::lineCount).sum();
        }
        assertThat(lines).isPositive().isLessThan(MAX_IT_POM_LINES);
    }

    private static long lineCount(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean startsWithShebang(Path path) throws IOException {
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        }
    }

    /** {@code git check-attr}'s value of {@code attribute} for each file. */
    private static Map<String, String> attribute(String attribute, List<String> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("check-attr", "-z", attribute, "--"));
        command.addAll(files);
        String[] fields = git(command.toArray(String[]::new)).split("\0");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 2 < fields.length; i += 3) {
            values.put(fields[i], fields[i + 2]);
        }
        assertThat(values).hasSize(files.size());
        return values;
    }

    private static String git(String... arguments) throws Exception {
        Path git = Tools.require("git");
        if (!Files.exists(Path.of(".git"))) {
            Tools.skipOrFail("the project folder is no git checkout");
        }
        List<String> command = new ArrayList<>(List.of(git.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("git " + String.join(" ", arguments.length > 3
                ? Arrays.copyOf(arguments, 3) : arguments)).isZero();
        return out;
    }
}
