package org.arvados.maven.config;

import org.arvados.maven.testing.RandomInputs;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {
    @TempDir
    Path dir;

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.diff("a\nb\n", "a\nb\n", "x", "x")).isEmpty();
    }

    @Test
    void sameHunksAsGnuDiff() throws Exception {
        Path diffTool = Tools.require("diff");
        String before = ConfigFixtures.read("cluster.yml");
        String after = ConfigFixtures.read("expected/ebs-autoscale.yml");
        Path a = Files.writeString(dir.resolve("a.yml"), before);
        Path b = Files.writeString(dir.resolve("b.yml"), after);
        Process process = new ProcessBuilder(diffTool.toString(), "-u", "--label", "a.yml", "--label", "b.yml",
                a.toString(), b.toString()).redirectErrorStream(true).start();
        String gnu = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertThat(UnifiedDiff.diff(before, after, "a.yml", "b.yml")).isEqualTo(gnu);
    }

    @Test
    void missingFinalNewlineIsMarked() {
        assertThat(UnifiedDiff.diff("a\nb", "a\nc", "x", "x")).isEqualTo("""
                --- x
                +++ x
                @@ -1,2 +1,2 @@
                 a
                -b
                \\ No newline at end of file
                +c
                \\ No newline at end of file
                """);
    }

    /** Whatever the texts, GNU patch turns the old one into the new one with our diff. */
    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("textPairs")
    void patchAppliesIt(List<String> oldLines, List<String> newLines) throws IOException, InterruptedException {
        Path patchTool = Tools.require("patch");
        String before = String.join("\n", oldLines) + "\n";
        String after = String.join("\n", newLines) + "\n";
        Path work = Files.createTempDirectory(dir, "diff");
        Path file = Files.writeString(work.resolve("f.txt"), before);
        Path patch = Files.writeString(work.resolve("f.patch"), UnifiedDiff.diff(before, after, "f.txt", "f.txt"));
        Process process = new ProcessBuilder(patchTool.toString(), "-s", "-p0", "-i", patch.toString(), file.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(Files.readString(file)).isEqualTo(after);
    }

    static Stream<Arguments> textPairs() {
        return RandomInputs.cases(4, 60, random -> Arguments.of(text(random), text(random)));
    }

    /** Few distinct lines, so the texts share lines and hunks interleave. */
    private static List<String> text(RandomInputs random) {
        List<String> lines = random.list(29, () -> random.oneOf("a", "b", "c", "d", "  key: value", "# comment", ""));
        lines.add(random.oneOf("a", "b", "c"));
        return lines;
    }
}
