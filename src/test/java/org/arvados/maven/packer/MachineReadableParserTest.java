package org.arvados.maven.packer;

import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MachineReadableParserTest {

    @Test
    void unescapesCommasInUiLines() {
        PackerEvent event = MachineReadableParser.parse(
                "1795952341,,ui,message,    null-artifact: env=dev greeting=hello%!(PACKER_COMMA) world");

        assertThat(event).isEqualTo(new PackerEvent.Ui(PackerEvent.UiLevel.MESSAGE,
                "    null-artifact: env=dev greeting=hello, world"));
    }

    @Test
    void unescapesNewlinesAndCarriageReturns() {
        assertThat(MachineReadableParser.parse("1795952341,,ui,say,\\n==> Wait completed after 28 milliseconds"))
                .isEqualTo(new PackerEvent.Ui(PackerEvent.UiLevel.SAY, "\n==> Wait completed after 28 milliseconds"));
        assertThat(MachineReadableParser.parse("1,,ui,say,50%\\r100%"))
                .isEqualTo(new PackerEvent.Ui(PackerEvent.UiLevel.SAY, "50%\r100%"));
    }

    @Test
    void everyLineOfTheRealTranscriptsParsesAndEncodesBackUnchanged() {
        for (String name : List.of(Transcripts.SUCCESS, Transcripts.FAILURE, Transcripts.SIGTERM)) {
            for (String line : Transcripts.lines(name)) {
                MachineReadableLine parsed = MachineReadableParser.parseLine(line);
                MachineReadableParser.event(parsed);
                assertThat(parsed.encode()).as(name).isEqualTo(line);
            }
        }
    }

    @Test
    void artifactListedTwiceByTheManifestPostProcessorIsKeptOnce() {
        BuildOutput output = feed(Transcripts.lines(Transcripts.SUCCESS), SecretMasker.none(), new RecordingLog());

        assertThat(output.artifacts()).containsExactly(
                new Artifact("file-artifact", "packer.file", "File", "Stored file: /tmp/build/out/artifact.txt",
                        List.of("/tmp/build/out/artifact.txt")),
                new Artifact("null-artifact", "fnoeding.null", "Null",
                        "Did not export anything. This is the null builder", List.of()));
        assertThat(output.errors()).isEmpty();
    }

    @Test
    void multiRegionAmiIdKeepsItsComma() {
        List<String> lines = List.of(
                "1795952341,amazon-ebs,artifact-count,1",
                "1795952341,amazon-ebs,artifact,0,builder-id,mitchellh.amazonebs",
                "1795952341,amazon-ebs,artifact,0,id,eu-west-1:ami-1%!(PACKER_COMMA)us-east-1:ami-2",
                "1795952341,amazon-ebs,artifact,0,string,AMIs were created:\\neu-west-1: ami-1\\nus-east-1: ami-2\\n",
                "1795952341,amazon-ebs,artifact,0,files-count,0",
                "1795952341,amazon-ebs,artifact,0,end");

        List<Artifact> artifacts = feed(lines, SecretMasker.none(), new RecordingLog()).artifacts();

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.id()).isEqualTo("eu-west-1:ami-1,us-east-1:ami-2");
            assertThat(artifact.builderId()).isEqualTo("mitchellh.amazonebs");
            assertThat(artifact.description()).contains("\neu-west-1: ami-1\n");
        });
    }

    @Test
    void failureTranscriptGivesTheBuildErrorAndTheErrorLines() {
        List<String> lines = Transcripts.lines(Transcripts.FAILURE);
        RecordingLog log = new RecordingLog();

        BuildOutput output = feed(lines, SecretMasker.none(), log);

        assertThat(lines).contains("1795954815,,error-count,1");
        assertThat(MachineReadableParser.parse("1795954815,,error-count,1")).isEqualTo(new PackerEvent.ErrorCount(1));
        assertThat(output.errors())
                .containsExactly("x: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]");
        assertThat(output.lastErrorLines()).first().asString().startsWith("Build 'x' errored after 4 milliseconds");
        assertThat(output.artifacts()).isEmpty();
        assertThat(log.entries()).contains(new RecordingLog.Entry("WARN",
                "[00:00] --> x: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]"));
    }

    @Test
    void uiLinesAreLoggedAtTheirLevelWithElapsedTimeOneLogLinePerTextLine() {
        RecordingLog log = new RecordingLog();

        feed(Transcripts.lines(Transcripts.SUCCESS), SecretMasker.none(), log);

        assertThat(log.entries()).contains(
                new RecordingLog.Entry("INFO", "[00:00] ==> file-artifact: Running local shell script: /tmp/packer-shell1560751148"),
                new RecordingLog.Entry("INFO", "[00:00]     file-artifact: line2, with comma"),
                new RecordingLog.Entry("WARN", "[00:00] ==> null-artifact: to-stderr"),
                new RecordingLog.Entry("INFO", "[00:00] ==> Wait completed after 28 milliseconds 359 microseconds"));
        assertThat(log.messages()).noneMatch(String::isBlank).noneMatch(m -> m.contains("artifact-count"));
    }

    @Test
    void elapsedTimeCountsFromTheBuildStart() {
        RecordingLog log = new RecordingLog();
        long startedTwoHoursAgo = System.nanoTime() - 7_384_000_000_000L;
        BuildOutput output = new BuildOutput(log, SecretMasker.none(), null, startedTwoHoursAgo);

        output.stdout("1,,ui,say,==> amazon-ebs: Waiting for AMI to become ready...");

        assertThat(log.messages()).containsExactly("[2:03:04] ==> amazon-ebs: Waiting for AMI to become ready...");
    }

    @Test
    void secretsAreMaskedInLogTranscriptAndErrorsEvenWhenTheyContainCommas() {
        SecretMasker masker = new SecretMasker(Set.of("wJalrXUtnFEMI,K7MDENG"));
        RecordingLog log = new RecordingLog();
        StringWriter transcript = new StringWriter();
        BuildOutput output = new BuildOutput(log, masker, transcript, System.nanoTime());

        output.stdout("1,,ui,message,    amazon-ebs: key=wJalrXUtnFEMI%!(PACKER_COMMA)K7MDENG");
        output.stdout("1,amazon-ebs,error,bad key wJalrXUtnFEMI%!(PACKER_COMMA)K7MDENG");
        output.stdout("not machine readable: wJalrXUtnFEMI,K7MDENG");
        output.stderr("panic: wJalrXUtnFEMI,K7MDENG");
        output.flush();

        String everything = log.all() + transcript + output.errors() + output.lastErrorLines();
        assertThat(everything).doesNotContain("wJalrXUtnFEMI").contains("****");
        assertThat(transcript.toString()).contains("1,,ui,message,    amazon-ebs: key=****\n");
        assertThat(output.errors()).containsExactly("amazon-ebs: bad key ****");
    }

    @Test
    void plainTextOnStdoutIsLoggedAsIs() {
        RecordingLog log = new RecordingLog();
        BuildOutput output = new BuildOutput(log, SecretMasker.none(), null, System.nanoTime());

        output.stdout("Error initializing core: something");

        assertThat(log.entries()).containsExactly(new RecordingLog.Entry("INFO", "[00:00] Error initializing core: something"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "1795952341,,", "abc,,ui,say,x", "1,,ui", "1,b,artifact,x,id,y",
            "1,b,artifact,0", "1,,artifact-count,two", "1,,error-count,", "1,,,x", "-1,,ui,say,x",
            "1,b,artifact,99999999999,id,y"})
    void malformedLinesRaiseTheParsersOwnException(String line) {
        assertThatThrownBy(() -> MachineReadableParser.parse(line)).isInstanceOf(MalformedOutputException.class);
    }

    @Test
    void unknownTypesAreNotErrors() {
        assertThat(MachineReadableParser.parse("1,,version,1.6.6")).isEqualTo(new PackerEvent.Other("version"));
        assertThat(MachineReadableParser.parse("1,,ui,shout,hi"))
                .isEqualTo(new PackerEvent.Ui(PackerEvent.UiLevel.MESSAGE, "hi"));
    }

    private static BuildOutput feed(List<String> lines, SecretMasker masker, RecordingLog log) {
        BuildOutput output = new BuildOutput(log, masker, null, System.nanoTime());
        lines.forEach(output::stdout);
        return output;
    }
}
