package org.arvados.maven.process;

import org.arvados.maven.common.SecretMasker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    @Test
    void splitsLinesAcrossBufferBoundariesAndKeepsALastLineWithoutNewline() throws IOException {
        String longLine = "x".repeat(40_000);

        assertThat(read("a\n\n" + longLine + "\nlast")).containsExactly("a", "", longLine, "last");
    }

    @Test
    void cutsAnOverlongLineSaysSoAndGoesOnWithTheNext() throws IOException {
        String huge = "y".repeat(LineReader.MAX_LINE * 3);

        List<String> lines = read(huge + "\nnext\n");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("y".repeat(LineReader.MAX_LINE) + SecretMasker.CUT);
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void decodesUtf8() throws IOException {
        assertThat(read("1,,ui,say,==> amazon-ebs: café ✓\n")).containsExactly("1,,ui,say,==> amazon-ebs: café ✓");
    }

    private static List<String> read(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
