package org.arvados.maven.image;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.RandomInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SecretsFileTest {
    @TempDir
    Path tmp;

    private Path file(String content) throws IOException {
        return Files.writeString(tmp.resolve("secrets.sh"), content);
    }

    @Test
    void readsExportLinesQuotesAndComments() throws IOException {
        Path file = file("""
                # AWS keys for the image build
                export AWS_ACCESS_KEY_ID=AKIAEXAMPLE

                AWS_SECRET_ACCESS_KEY='wJalr/K7MDENG+bPxRfi "quoted" $NOT_EXPANDED'
                  export   ARM_CLIENT_SECRET="a \\"b\\" \\$c \\\\ d\\n"   # trailing comment
                export EMPTY=
                export HASHED=abc#def # a comment
                export EMPTY_QUOTED=''
                export AWS_ACCESS_KEY_ID=AKIALATER\r
                """);
        assertThat(SecretsFile.parse(file))
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIALATER")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "wJalr/K7MDENG+bPxRfi \"quoted\" $NOT_EXPANDED")
                .containsEntry("ARM_CLIENT_SECRET", "a \"b\" $c \\ d\\n")
                .containsEntry("EMPTY", "")
                .containsEntry("EMPTY_QUOTED", "")
                .containsEntry("HASHED", "abc#def")
                .hasSize(6);
    }

    @Test
    void refusesShellItCannotReadWithoutRunningIt() throws IOException {
        for (String line : new String[]{"export KEY=$(cat /etc/passwd)", "KEY=`id`", "KEY=value; rm -rf /",
                "KEY=\"$HOME\"", "KEY='unterminated", "source other.sh", "KEY = value", "export KEY", "1KEY=x",
                "KEY=two words", "KEY=~/x", "KEY='a'#b"}) {
            Path file = file("# ok\n" + line + "\n");
            InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> SecretsFile.parse(file));
            assertThat(error).as(line).isNotNull();
            assertThat(error.getMessage()).contains(file + ":2:").doesNotContain(line);
        }
    }

    @Test
    void reportsEveryBadLineAndAMissingFile() throws IOException {
        Path file = file("GOOD=1\nbad line one\nGOOD2=2\nbad line two\n");
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> SecretsFile.parse(file));
        assertThat(error.problems()).hasSize(2);
        assertThat(error.getMessage()).contains(":2:", ":4:").doesNotContain("bad line");
        assertThatThrownBy(() -> SecretsFile.parse(tmp.resolve("absent"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("secretsInBadLines")
    void parseErrorsNeverContainTheOffendingValue(String secret, String shape) throws IOException {
        Path dir = Files.createTempDirectory("secrets");
        try {
            String line = shape.replace("SECRET", secret);
            Path file = Files.writeString(dir.resolve("s.sh"), "export OK=fine\n" + line + "\n");
            InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> SecretsFile.parse(file));
            assertThat(error).as(line).isNotNull();
            assertThat(error.getMessage()).doesNotContain(secret).contains(":2:");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path path : files.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(dir);
        }
    }

    static Stream<Arguments> secretsInBadLines() {
        return RandomInputs.cases(6, 300, random -> Arguments.of(
                // Long enough and random enough never to occur in the message by chance.
                random.alphanumeric(6, 20) + random.oneOf("/", "+", "=", "-", "_", "~") + random.alphanumeric(6, 20),
                random.oneOf("export KEY=SECRET more", "KEY='SECRET", "KEY=\"SECRET", "KEY=SECRET$HOME",
                        "KEY=$(echo SECRET)", "SECRET SECRET", "export KEY SECRET", "KEY=`SECRET`", "KEY=SECRET;",
                        "KEY=\"SECRET $X\"", "KEY=SECRET 'x'")));
    }
}
