package org.arvados.maven.packer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.SecretMasker;

import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever packer (or anything else) prints, the parser fails only with its own exception. */
class MachineReadableParserProperties {

    @Property(tries = 2000)
    void arbitraryTextRaisesNothingButMalformedOutput(@ForAll String line) {
        parseOrMalformed(line);
    }

    @Property(tries = 2000)
    void packerShapedLinesRaiseNothingButMalformedOutput(@ForAll("packerShaped") String line) {
        parseOrMalformed(line);
    }

    @Property(tries = 500)
    void theRunnersLineHandlerNeverThrows(@ForAll("packerTranscripts") List<String> lines) {
        BuildOutput output = new BuildOutput(BuildLog.SILENT, new SecretMasker(Set.of("s3cret")), new StringWriter(),
                System.nanoTime());
        lines.forEach(output::stdout);
        lines.forEach(output::stderr);
        assertThat(output.errors().size()).isLessThanOrEqualTo(BuildOutput.MAX_ERRORS);
        assertThat(output.lastErrorLines().size()).isLessThanOrEqualTo(BuildOutput.ERROR_TAIL);
        output.artifacts();
    }

    @Property
    void escapingRoundTripsTextWithoutBackslashes(@ForAll String text) {
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

    @Provide
    Arbitrary<List<String>> packerTranscripts() {
        return Arbitraries.oneOf(packerShaped(), Arbitraries.strings()).list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<String> packerShaped() {
        Arbitrary<String> timestamp = Arbitraries.oneOf(Arbitraries.strings().numeric().ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(3));
        Arbitrary<String> target = Arbitraries.of("", "amazon-ebs", "x", "a,b");
        Arbitrary<String> type = Arbitraries.of("ui", "artifact", "artifact-count", "error", "error-count",
                "version", "", "ui,say");
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("say", "message", "error", "0", "1", "id",
                "builder-id", "end", "file", "files-count", "99999999999", "-1", "%!(PACKER_COMMA)", "\\n", "\\r"),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> data = field.list().ofMaxSize(6).map(fields -> String.join(",", fields));
        return Combinators.combine(timestamp, target, type, data)
                .as((t, g, y, d) -> t + "," + g + "," + y + (d.isEmpty() ? "" : "," + d));
    }
}
