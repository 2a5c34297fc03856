package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameter mapping of arvados:keypair through the plugin descriptor, as Maven configures the mojo. */
@MojoTest
class KeypairMojoTest {
    @TempDir
    Path dir;

    @Test
    @InjectMojo(goal = "keypair")
    void defaults(KeypairMojo mojo) {
        // Maven expands ${user.home}; the harness's evaluator leaves system properties as written.
        assertThat(mojo.keyFile.getPath()).satisfiesAnyOf(
                path -> assertThat(path).isEqualTo(new File(System.getProperty("user.home"), ".ssh/id_dispatcher").getPath()),
                path -> assertThat(path).endsWith("${user.home}/.ssh/id_dispatcher"));
        assertThat(mojo.keyType).isEqualTo("rsa");
        assertThat(mojo.keySize).isEqualTo(4096);
        assertThat(mojo.keyComment).isNull();
        assertThat(mojo.clusterId).isNull();
        assertThat(mojo.skip).isFalse();
    }

    @Test
    @InjectMojo(goal = "keypair")
    @MojoParameter(name = "keyType", value = "ed25519")
    @MojoParameter(name = "keySize", value = "2048")
    @MojoParameter(name = "keyComment", value = "ops@example")
    @MojoParameter(name = "clusterId", value = "zzzzz")
    void mapsParametersAndSetsProjectProperties(KeypairMojo mojo) throws Exception {
        assertThat(mojo.keyType).isEqualTo("ed25519");
        assertThat(mojo.keySize).isEqualTo(2048);
        assertThat(mojo.clusterId).isEqualTo("zzzzz");
        Properties properties = givenProjectProperties(mojo);
        mojo.keyFile = dir.resolve("keys/id").toFile();

        mojo.execute();

        assertThat(Files.readString(dir.resolve("keys/id.pub"))).startsWith("ssh-ed25519 ").endsWith(" ops@example\n");
        assertThat(properties.getProperty("arvados.keyFile")).isEqualTo(dir.resolve("keys/id").toString());
        assertThat(properties.getProperty("arvados.publicKeyFile")).isEqualTo(dir.resolve("keys/id.pub").toString());
    }

    @Test
    @InjectMojo(goal = "keypair")
    @MojoParameter(name = "keySize", value = "1024")
    void badInputIsABuildFailureAndWritesNothing(KeypairMojo mojo) {
        givenProjectProperties(mojo);
        mojo.keyFile = dir.resolve("keys/id").toFile();
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<keySize>").hasMessageContaining("arvados.keySize");
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "keypair")
    @MojoParameter(name = "skip", value = "true")
    void skipWritesNothing(KeypairMojo mojo) throws Exception {
        mojo.keyFile = dir.resolve("id").toFile();
        mojo.execute();
        assertThat(dir.resolve("id")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "keypair")
    void itsOwnSkipPropertySkipsThisGoalAloneAndAnyOtherValueIsRefused(KeypairMojo mojo) throws Exception {
        Properties properties = givenProjectProperties(mojo);
        mojo.keyFile = dir.resolve("id").toFile();
        properties.setProperty("arvados.aws-image.skip", "true");
        properties.setProperty("arvados.keypair.skip", "true");
        mojo.execute();
        assertThat(dir.resolve("id")).doesNotExist();

        properties.setProperty("arvados.keypair.skip", "yes");
        assertThatThrownBy(mojo::execute).isInstanceOf(org.apache.maven.plugin.MojoFailureException.class)
                .hasMessage("The property arvados.keypair.skip is 'yes': use true or false.");
        assertThat(dir.resolve("id")).doesNotExist();

        properties.remove("arvados.keypair.skip");
        mojo.execute();
        assertThat(dir.resolve("id")).exists();
    }

    /** The harness's project is a mock; give it real properties so the goal's outputs can be read back. */
    private static Properties givenProjectProperties(KeypairMojo mojo) {
        Properties properties = new Properties();
        mojo.project = Mockito.mock(MavenProject.class);
        Mockito.when(mojo.project.getProperties()).thenReturn(properties);
        return properties;
    }
}
