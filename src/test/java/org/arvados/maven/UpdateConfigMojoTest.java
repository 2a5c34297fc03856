package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.arvados.maven.config.ConfigUpdateRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameter mapping of update-config: POM configuration and properties into one ConfigUpdateRequest. */
@MojoTest
class UpdateConfigMojoTest {
    @Inject
    private MavenSession session;

    private static final String POM = "src/test/resources/unit/update-config/pom.xml";
    private static final String MINIMAL_POM = "src/test/resources/unit/update-config/minimal-pom.xml";

    @Test
    @InjectMojo(goal = "update-config", pom = POM)
    void mapsEveryParameterAndReadsTheNestedAwsBlock(UpdateConfigMojo mojo) {
        ConfigUpdateRequest request = mojo.request();
        assertThat(request.configFile().endsWith(Path.of("config", "config.yml"))).isTrue();
        assertThat(request.clusterId()).isEqualTo("zzzzz");
        assertThat(request.cloud()).isEqualTo("aws");
        assertThat(request.imageId()).isEqualTo("ami-0123456789abcdef0");
        assertThat(request.adminUsername()).isEqualTo("admin2");
        assertThat(request.dispatchPrivateKey()).isEqualTo("file:///etc/arvados/id_dispatcher");
        assertThat(request.ebsAutoscale()).isTrue();
        assertThat(request.iamInstanceProfile()).isEqualTo("from-nested");
        assertThat(request.includedScratch()).isEqualTo("5TB");
        assertThat(request.dryRun()).isTrue();
        assertThat(request.backup()).isFalse();
        assertThat(request.ledgerFile().endsWith(Path.of("images", "ledger.json"))).isTrue();
    }

    @Test
    @InjectMojo(goal = "update-config", pom = POM)
    void commandLinePropertiesWinOverTheNestedBlock(UpdateConfigMojo mojo) {
        // -Darvados.aws.iamInstanceProfile=from-property -Darvados.aws.ebsAutoscale=false
        session.getUserProperties().setProperty("arvados.aws.iamInstanceProfile", "from-property");
        session.getUserProperties().setProperty("arvados.aws.ebsAutoscale", "false");
        ConfigUpdateRequest request = mojo.request();
        assertThat(request.iamInstanceProfile()).isEqualTo("from-property");
        assertThat(request.ebsAutoscale()).isFalse();
    }

    @Test
    @InjectMojo(goal = "update-config", pom = MINIMAL_POM)
    void defaults(UpdateConfigMojo mojo) {
        ConfigUpdateRequest request = mojo.request();
        assertThat(request.cloud()).isNull();
        assertThat(request.imageId()).isNull();
        assertThat(request.adminUsername()).as("the record's, unless given").isNull();
        assertThat(request.sshPort()).as("the record's, unless given").isNull();
        assertThat(request.dispatchPrivateKey()).isNull();
        assertThat(request.ebsAutoscale()).as("the record's, unless given").isNull();
        assertThat(request.iamInstanceProfile()).isNull();
        assertThat(request.includedScratch()).isEqualTo("16TB");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.backup()).isTrue();
        assertThat(request.ledgerFile().getFileName()).hasToString("arvados-images.json");
    }

    @Test
    @InjectMojo(goal = "update-config", pom = MINIMAL_POM)
    @MojoParameter(name = "configFile", value = "does/not/exist.yml")
    void badInputIsABuildFailureNamingTheParameter(UpdateConfigMojo mojo) {
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("arvados.configFile");
    }

    @Test
    @InjectMojo(goal = "update-config", pom = MINIMAL_POM)
    @MojoParameter(name = "imageId", value = "ami-0123456789abcdef0")
    void executesIntoTheCoreAndAGivenImageGetsNoDefaults(UpdateConfigMojo mojo, @TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "Clusters:\n  zzzzz:\n    Containers:\n      RuntimeEngine: docker   # kept\n");
        mojo.configFile = config.toFile();
        mojo.ledgerFile = dir.resolve("arvados-images.json").toFile();
        mojo.execute();
        assertThat(Files.readString(config)).isEqualTo("""
                Clusters:
                  zzzzz:
                    Containers:
                      RuntimeEngine: docker   # kept
                      CloudVMs:
                        ImageID: ami-0123456789abcdef0
                        Driver: ec2
                """);
    }

    @Test
    @InjectMojo(goal = "update-config", pom = MINIMAL_POM)
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "configFile", value = "does/not/exist.yml")
    void skipDoesNothing(UpdateConfigMojo mojo) throws Exception {
        mojo.execute();
    }
}
