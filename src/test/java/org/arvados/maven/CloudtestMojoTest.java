package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.arvados.maven.cloudtest.CloudtestRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameter mapping of cloudtest: defaults, given values, and a bad duration named by its element. */
@MojoTest
class CloudtestMojoTest {
    private static final String POM = "src/test/resources/unit/cloudtest/pom.xml";

    @Test
    @InjectMojo(goal = "cloudtest", pom = POM)
    void defaults(CloudtestMojo mojo) {
        CloudtestRequest request = mojo.request();
        assertThat(request.configFile()).hasFileName("config.yml");
        assertThat(request.clusterId()).isNull();
        assertThat(request.imageId()).as("the ledger's latest").isNull();
        assertThat(request.instanceType()).as("cloudtest's choice").isNull();
        assertThat(request.command()).isEqualTo("sudo /tmp/arvados-crunch-run/crunch-run --list");
        assertThat(request.destroyExisting()).isFalse();
        assertThat(request.arvadosServer()).isEqualTo("arvados-server");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(request.cleanupTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(request.dryRun()).isFalse();
        assertThat(request.ledgerFile()).hasFileName("arvados-images.json");
    }

    @Test
    @InjectMojo(goal = "cloudtest", pom = POM)
    @MojoParameter(name = "command", value = "true")
    @MojoParameter(name = "instanceType", value = "c5xlarge")
    @MojoParameter(name = "destroyExisting", value = "true")
    void givenValuesMapAsGiven(CloudtestMojo mojo) {
        CloudtestRequest request = mojo.request();
        assertThat(request.command()).isEqualTo("true");
        assertThat(request.instanceType()).isEqualTo("c5xlarge");
        assertThat(request.destroyExisting()).isTrue();
    }

    @Test
    @InjectMojo(goal = "cloudtest", pom = POM)
    @MojoParameter(name = "timeout", value = "soon")
    void aBadTimeoutIsABuildFailureNamingTheParameter(CloudtestMojo mojo) {
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("<timeout> (arvados.cloudtest.timeout) is 'soon': use a positive duration such as 2h, 15m,"
                        + " 1h30m or 90s.");
    }

    @Test
    @InjectMojo(goal = "cloudtest", pom = POM)
    @MojoParameter(name = "arvadosServer", value = "/nonexistent/arvados-server")
    void offlineItIsRefusedBeforeItRunsAnything(CloudtestMojo mojo) {
        mojo.session = OfflineSession.mock();
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("Maven is offline (-o), and cloudtest starts a VM in the cloud: run without -o, or set"
                        + " arvados.dryRun=true to see the command it would run.");
    }
}
