package org.arvados.maven.packer;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Packer 1.10+'s plugins, proved with the stand-in playing packer 1.11.2 (no packer newer than Debian's
 * 1.6.6 can be installed here): the pinned version is installed into the build's own folder and used.
 */
class PackerPluginsTest {
    private static final String AMAZON = "github.com/hashicorp/amazon";
    private static final PackerPlugin PIN = new PackerPlugin(AMAZON, "1.3.10");
    private static final String SETTING = "<aws><pluginVersion> (arvados.aws.pluginVersion)";

    @TempDir
    Path dir;
    Path record;
    Path pluginDir;
    Path userPlugins;

    @BeforeEach
    void folders() throws IOException {
        record = dir.resolve("record");
        pluginDir = dir.resolve("out/packer-plugins");
        userPlugins = Files.createDirectories(dir.resolve("home/.config/packer/plugins"));
    }

    /** The stand-in as packer {@code version}, recording its calls, with the user's folder beside the build's. */
    private PackerExecutable packer(String version, String extra) throws IOException {
        Path script = Files.createDirectories(dir.resolve("bin")).resolve("packer");
        Files.writeString(script, "#!/bin/sh\nSTANDIN_VERSION=" + version + " STANDIN_RECORD_DIR='" + record
                + "' STANDIN_OTHER_PLUGINS='" + userPlugins + "' " + extra + " exec '" + PackerExecutableTest.STANDIN
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return PackerExecutable.locate(script.toString()).withPluginPath(pluginDir);
    }

    private static Path binary(Path folder, String version) {
        return folder.resolve(AMAZON).resolve("packer-plugin-amazon_v" + version + "_x5.0_linux_amd64");
    }

    private static void plant(Path binary) throws IOException {
        Files.createDirectories(binary.getParent());
        Files.writeString(binary, "#!/bin/sh\n");
    }

    private java.util.List<String> calls() throws IOException {
        return Files.readAllLines(record.resolve("calls"));
    }

    @Test
    void installsTheMissingPinIntoTheBuildsOwnFolder() throws IOException {
        RecordingLog log = new RecordingLog();

        assertThat(packer("1.11.2", "").ensurePlugin(PIN, SETTING, true, log)).contains(PIN);

        assertThat(calls()).containsExactly("version", "plugins installed", "plugins install " + AMAZON + " v1.3.10",
                "plugins installed");
        assertThat(binary(pluginDir, "1.3.10")).exists();
        assertThat(userPlugins.resolve(AMAZON)).doesNotExist();
        assertThat(log.all()).contains("Installing packer plugin " + AMAZON + " v1.3.10 into " + pluginDir);
    }

    @Test
    void anInstalledPinIsUsedWithoutInstalling() throws IOException {
        plant(binary(pluginDir, "1.3.10"));

        assertThat(packer("1.11.2", "").ensurePlugin(PIN, SETTING, true, new RecordingLog())).contains(PIN);

        assertThat(calls()).containsExactly("version", "plugins installed");
    }

    /** Packer 1.10 still reads the user's folder beside PACKER_PLUGIN_PATH, and loads the newest version. */
    @Test
    void anotherVersionOfTheUsersIsLeftAloneAndThePinInstalledBesideIt() throws IOException {
        plant(binary(userPlugins, "1.2.0"));
        plant(binary(userPlugins, "9.0.0"));
        RecordingLog log = new RecordingLog();

        assertThat(packer("1.10.3", "").ensurePlugin(PIN, SETTING, true, log)).contains(PIN);

        assertThat(calls()).contains("plugins install " + AMAZON + " v1.3.10");
        assertThat(binary(pluginDir, "1.3.10")).exists();
        assertThat(binary(userPlugins, "1.2.0")).exists();
        assertThat(binary(userPlugins, "9.0.0")).exists();
        assertThat(log.all()).contains("also finds " + binary(userPlugins, "9.0.0") + ", newer than the pinned v1.3.10")
                .doesNotContain("also finds " + binary(userPlugins, "1.2.0"));
    }

    @Test
    void aChangedPinReplacesTheBuildFoldersOldVersion() throws IOException {
        plant(binary(pluginDir, "1.3.11"));
        Files.writeString(Path.of(binary(pluginDir, "1.3.11") + "_SHA256SUM"), "abc\n");

        assertThat(packer("1.11.2", "").ensurePlugin(PIN, SETTING, true, new RecordingLog())).contains(PIN);

        assertThat(binary(pluginDir, "1.3.10")).exists();
        assertThat(binary(pluginDir, "1.3.11")).doesNotExist();
        assertThat(Path.of(binary(pluginDir, "1.3.11") + "_SHA256SUM")).doesNotExist();
    }

    @Test
    void aFailedInstallSaysWhatFailedAndHowToDoItByHand() throws IOException {
        PackerExecutable packer = packer("1.11.2", "STANDIN_PLUGIN_INSTALL_FAIL=1");

        assertThatThrownBy(() -> packer.ensurePlugin(PIN, SETTING, true, new RecordingLog()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("`packer plugins install " + AMAZON + " v1.3.10` failed (exit 1)")
                .hasMessageContaining("lookup api.github.com: no such host")
                .hasMessageContaining("PACKER_PLUGIN_PATH=" + pluginDir + " packer plugins install " + AMAZON + " v1.3.10")
                .hasMessageContaining("or pin a version that exists with " + SETTING);
        assertThat(binary(pluginDir, "1.3.10")).doesNotExist();
    }

    @Test
    void offlineAMissingPinIsAnErrorNotADownload() throws IOException {
        PackerExecutable packer = packer("1.11.2", "");

        assertThatThrownBy(() -> packer.ensurePlugin(PIN, SETTING, false, new RecordingLog()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("offline (-o)")
                .hasMessageContaining(AMAZON + " v1.3.10 (" + SETTING + ")");
        assertThat(calls()).doesNotContain("plugins install " + AMAZON + " v1.3.10");
    }

    @Test
    void validateAndBuildSeeOnlyTheBuildsPluginFolder() throws IOException {
        PackerExecutable packer = packer("1.11.2", "");
        Path template = Files.writeString(dir.resolve("template.json"), "{\"builders\": [{\"type\" : \"amazon-ebs\","
                + " \"imds_support\": \"v2.0\", \"temporary_key_pair_type\": \"ed25519\"}]}");
        Path varFile = Files.writeString(dir.resolve("vars.json"), "{}");
        plant(binary(userPlugins, "1.3.10"));

        // The user's plugin is not the build's: validate fails as packer does for a builder it cannot find.
        assertThatThrownBy(() -> packer.validate(dir, template, varFile, Map.of(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("plugin that is not installed");

        packer.ensurePlugin(PIN, SETTING, true, new RecordingLog());
        packer.validate(dir, template, varFile, Map.of(), null);
        BuildResult result = packer.build(BuildRequest.of(dir, template, varFile), new RecordingLog());

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readAllLines(record.resolve("env"))).contains("PACKER_PLUGIN_PATH=" + pluginDir);
    }

    /** The stand-in's validate checks the form of an amazon-ebs template per emulated version. */
    @Test
    void standInValidateWantsTheNewFormFrom110AndRefusesImdsSupportBefore() throws IOException {
        Path oldForm = Files.writeString(dir.resolve("old.json"), "{\"builders\": [{\"type\" : \"amazon-ebs\"}]}");
        Path newForm = Files.writeString(dir.resolve("new.json"), "{\"builders\": [{\"type\" : \"amazon-ebs\","
                + " \"imds_support\" : \"v2.0\", \"temporary_key_pair_type\" : \"ed25519\"}]}");
        Path varFile = Files.writeString(dir.resolve("vars.json"), "{}");
        PackerExecutable modern = packer("1.11.2", "");
        modern.ensurePlugin(PIN, SETTING, true, new RecordingLog());

        modern.validate(dir, newForm, varFile, Map.of(), null);
        assertThatThrownBy(() -> modern.validate(dir, oldForm, varFile, Map.of(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lacks temporary_key_pair_type");

        PackerExecutable debian = packer("1.6.6", "");
        debian.validate(dir, oldForm, varFile, Map.of(), null);
        assertThatThrownBy(() -> debian.validate(dir, newForm, varFile, Map.of(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown configuration key: '\"imds_support\"'");
    }

    @Test
    void listingIsParsedPerSource() {
        String listing = "/p/github.com/hashicorp/amazon/packer-plugin-amazon_v1.3.10_x5.0_linux_amd64\n"
                + "/p/github.com/hashicorp/azure/packer-plugin-azure_v2.3.2_x5.0_linux_amd64\n"
                + "/q/github.com/hashicorp/amazon/packer-plugin-amazon_v1.10.0_x5.0_darwin_arm64\n";

        assertThat(InstalledPlugin.parse(listing, AMAZON)).extracting(InstalledPlugin::version)
                .containsExactly("1.3.10", "1.10.0");
        assertThat(PackerPlugin.compare("1.10.0", "1.9.9")).isPositive();
        assertThat(PackerPlugin.compare("1.3.10", "1.3.10")).isZero();
    }
}
