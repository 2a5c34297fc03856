package org.arvados.maven.packer;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.testing.RandomInputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever packer (or anything else) prints, the parser fails only with its own exception. */
class MachineReadableParserFuzzTest {

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("anyText")
    void arbitraryTextRaisesNothingButMalformedOutput(String line) {
        parseOrMalformed(line);
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("packerShaped")
    void packerShapedLinesRaiseNothingButMalformedOutput(String line) {
        parseOrMalformed(line);
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("packerTranscripts")
    void theRunnersLineHandlerNeverThrows(List<String> lines) {
        BuildOutput output = new BuildOutput(BuildLog.SILENT, new SecretMasker(Set.of("s3cret")), new StringWriter(),
                System.nanoTime());
        lines.forEach(output::stdout);
        lines.forEach(output::stderr);
        assertThat(output.errors().size()).isLessThanOrEqualTo(BuildOutput.MAX_ERRORS);
        assertThat(output.lastErrorLines().size()).isLessThanOrEqualTo(BuildOutput.ERROR_TAIL);
        output.artifacts();
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("anyText")
    void escapingRoundTripsTextWithoutBackslashes(String text) {
        String plain = text.replace("\\", "");
        assertThat(MachineReadableParser.unescape(MachineReadableParser.escape(plain))).isEqualTo(plain);
    }

    private static void parseOrMalformed(String line) {
        try {
            MachineReadableParser.parse(line);
        } catch (MalformedOutputException expected) {
            // the one exception the parser may raise
        }
    }

    static Stream<String> anyText() {
        return RandomInputs.cases(1, 2000, random -> random.string(60));
    }

    static Stream<String> packerShaped() {
        return RandomInputs.cases(2, 2000, MachineReadableParserFuzzTest::packerShapedLine);
    }

    static Stream<List<String>> packerTranscripts() {
        return RandomInputs.cases(3, 500, random -> random.list(80,
                () -> random.either(() -> packerShapedLine(random), () -> random.string(60))));
    }

    private static String packerShapedLine(RandomInputs random) {
        String timestamp = random.either(() -> random.numeric(12), () -> random.string(3));
        String target = random.oneOf("", "amazon-ebs", "x", "a,b");
        String type = random.oneOf("ui", "artifact", "artifact-count", "error", "error-count", "version", "", "ui,say");
        List<String> fields = random.list(6, () -> random.either(() -> random.oneOf("say", "message", "error", "0", "1",
                "id", "builder-id", "end", "file", "files-count", "99999999999", "-1", "%!(PACKER_COMMA)", "\\n", "\\r"),
                () -> random.string(10)));
        String data = String.join(",", fields);
        return timestamp + "," + target + "," + type + (data.isEmpty() ? "" : "," + data);
    }
}
