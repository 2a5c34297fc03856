package org.arvados.maven.packer;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackerExecutableTest {
    static final Path STANDIN = Path.of("src/test/resources/packer-standin/packer").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void parsesVersionOutputsOldAndNew() {
        assertThat(PackerExecutable.parseVersion("Packer v1.6.6\n")).contains("1.6.6");
        assertThat(PackerExecutable.parseVersion("Packer v1.11.2\n\nYour version of Packer is out of date! The latest"
                + " version\nis 1.14.0.")).contains("1.11.2");
        assertThat(PackerExecutable.parseVersion("1.9.4")).contains("1.9.4");
        assertThat(PackerExecutable.parseVersion("Packer v1.12.0-dev")).contains("1.12.0-dev");
        assertThat(PackerExecutable.parseVersion("bash: packer: command not found")).isEmpty();
    }

    @Test
    void locatesByPathAndComparesVersions() {
        PackerExecutable packer = PackerExecutable.locate(STANDIN.toString());

        assertThat(packer.path()).isEqualTo(STANDIN);
        assertThat(packer.version()).isEqualTo("1.6.6");
        assertThat(packer.atLeast(1, 6)).isTrue();
        assertThat(packer.atLeast(1, 10)).isFalse();
        assertThat(packer.atLeast(0, 99)).isTrue();
    }

    @Test
    void missingPackerNamesTheParameterAndHowToInstall() {
        assertThatThrownBy(() -> PackerExecutable.locate(dir.resolve("nowhere/packer").toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<packer> (arvados.packer)")
                .hasMessageContaining("apt-get install packer")
                .hasMessageContaining("releases.hashicorp.com");
        assertThatThrownBy(() -> PackerExecutable.locate("packer-that-does-not-exist"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no executable 'packer-that-does-not-exist' is on the PATH");
    }

    @Test
    void aProgramThatIsNotPackerIsRejected() throws IOException {
        Path fake = script("not-packer", "echo 'usage: something else'");

        assertThatThrownBy(() -> PackerExecutable.locate(fake.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not packer")
                .hasMessageContaining("usage: something else");
    }

    @Test
    void ensurePluginDoesNothingBeforePacker110() throws IOException {
        Path record = dir.resolve("record");
        Path packer = script("packer", "STANDIN_RECORD_DIR='" + record + "' exec '" + STANDIN + "' \"$@\"");

        assertThat(PackerExecutable.locate(packer.toString()).withPluginPath(dir.resolve("plugins"))
                .ensurePlugin(new PackerPlugin("github.com/hashicorp/amazon", "1.3.10"), "<aws><pluginVersion>", true,
                        new RecordingLog())).isEmpty();
        assertThat(Files.readAllLines(record.resolve("calls"))).containsExactly("version");
    }

    @Test
    void buildCommandCarriesNoSecretAndTheDocumentedFlags() {
        BuildRequest request = BuildRequest.of(dir, dir.resolve("template.json"), dir.resolve("vars.json"))
                .withEnvironment(Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"),
                        new SecretMasker(Set.of("wJalrXUtnFEMI/K7MDENG")))
                .withOnError(OnError.ABORT);

        assertThat(PackerExecutable.locate(STANDIN.toString()).buildCommand(request)).containsExactly(
                STANDIN.toString(), "build", "-machine-readable", "-color=false", "-on-error=abort",
                "-var-file=" + dir.resolve("vars.json"), dir.resolve("template.json").toString())
                .noneMatch(arg -> arg.contains("wJalrXUtnFEMI"));
        assertThat(PackerExecutable.buildEnvironment(request))
                .containsEntry("PACKER_CACHE_DIR", dir.resolve("packer_cache").toString())
                .containsEntry("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
    }

    @Test
    void requestDefaults() {
        BuildRequest request = BuildRequest.of(dir, dir.resolve("t.json"), dir.resolve("v.json"));

        assertThat(request.onError()).isEqualTo(OnError.CLEANUP);
        assertThat(request.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(request.cleanupTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(request.transcript()).isEqualTo(dir.resolve("packer.log"));
    }

    @Test
    void onErrorAcceptsCleanupAndAbortOnly() {
        assertThat(OnError.parse("cleanup")).isEqualTo(OnError.CLEANUP);
        assertThat(OnError.parse(" abort ")).isEqualTo(OnError.ABORT);
        assertThat(OnError.parse(" ")).isEqualTo(OnError.CLEANUP);
        assertThatThrownBy(() -> OnError.parse("ask"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<onError> (arvados.onError) is 'ask'");
        // Case matters, as for every other choice of the POM.
        assertThatThrownBy(() -> OnError.parse("ABORT")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void durationsReadLikeTheParameters() {
        assertThat(Durations.describe(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.describe(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.describe(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        assertThat(Durations.describe(Duration.ofMillis(200))).isEqualTo("200ms");
    }

    private Path script(String name, String body) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("bin-" + name + System.nanoTime()));
        Path script = folder.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
