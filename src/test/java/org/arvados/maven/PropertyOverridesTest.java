package org.arvados.maven;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.image.AwsSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nested cloud settings: command line over POM over project property, without Maven. */
class PropertyOverridesTest {
    private final Properties commandLine = new Properties();
    private final Properties project = new Properties();
    private final PropertyOverrides overrides = new PropertyOverrides(commandLine, project);

    @Test
    void commandLineWinsOverThePomWhichWinsOverTheProject() {
        project.setProperty("p", "project");
        assertThat(overrides.string("p", null)).isEqualTo("project");
        assertThat(overrides.string("p", "pom")).isEqualTo("pom");
        commandLine.setProperty("p", "command line");
        assertThat(overrides.string("p", "pom")).isEqualTo("command line");
        assertThat(overrides.string("unset", null)).isNull();
    }

    @Test
    void aBlankValueIsUnsetWhereverItComesFromAndABlankCommandLineUnsetsThePom() {
        commandLine.setProperty("arvados.aws.serverId", "  ");
        assertThat(overrides.string("arvados.aws.serverId", "aws-images")).isNull();
        assertThat(overrides.string("q", " ")).isNull();
        project.setProperty("r", "");
        assertThat(overrides.string("r", null)).isNull();
    }

    @Test
    void mapsComeFromThePomOrAsKeyValuePairsWithTheCommandLineFirst() {
        assertThat(overrides.map("arvados.aws.tags", null)).isNull();
        assertThat(overrides.map("arvados.aws.tags", Map.of("team", "ops"))).containsExactly(Map.entry("team", "ops"));
        project.setProperty("arvados.aws.tags", "team=project");
        assertThat(overrides.map("arvados.aws.tags", null)).containsExactly(Map.entry("team", "project"));
        assertThat(overrides.map("arvados.aws.tags", Map.of("team", "ops"))).containsExactly(Map.entry("team", "ops"));
        commandLine.setProperty("arvados.aws.tags", " team = science , note=a=b ");
        assertThat(overrides.map("arvados.aws.tags", Map.of("team", "ops")))
                .containsExactly(Map.entry("team", "science"), Map.entry("note", "a=b"));
        assertThat(overrides.problems()).isEmpty();

        commandLine.setProperty("arvados.aws.tags", "team=ops,=x,lonely");
        assertThat(overrides.map("arvados.aws.tags", null)).containsExactly(Map.entry("team", "ops"));
        assertThat(overrides.problems()).containsExactly(
                "<aws><tags> (arvados.aws.tags) has '=x': use key=value pairs separated by commas.",
                "<aws><tags> (arvados.aws.tags) has 'lonely': use key=value pairs separated by commas.");
    }

    @Test
    void booleansAndNumbersAreParsedFromEverySourceAndBadOnesNameTheProperty() {
        assertThat(overrides.bool("b", false)).isFalse();
        commandLine.setProperty("b", " TRUE ");
        assertThat(overrides.bool("b", false)).isTrue();
        commandLine.setProperty("n", "42");
        assertThat(overrides.integer("n", 7)).isEqualTo(42);
        assertThat(overrides.integer("m", 7)).isEqualTo(7);
        assertThat(overrides.integer("unset", null)).isNull();

        commandLine.setProperty("b", "yes");
        assertThat(overrides.bool("b", null)).isNull();
        commandLine.setProperty("n", "4x");
        assertThat(overrides.integer("n", null)).isNull();
        assertThat(overrides.duration("<t> (t)", "soon", java.time.Duration.ofDays(7), java.time.Duration.ofHours(2)))
                .hasHours(2);
        // Past the bound: once the cause of an overflow in the wait after packer had started.
        assertThat(overrides.duration("<u> (u)", "3000000h", java.time.Duration.ofDays(7), java.time.Duration.ofHours(2)))
                .hasHours(2);
        // Collected, not thrown: they are reported with every other problem of the configuration.
        assertThat(overrides.problems()).containsExactly("<b> (b) is 'yes': use true or false.",
                "<n> (n) is '4x': use a whole number.",
                "<t> (t) is 'soon': use a positive duration such as 2h, 15m, 1h30m or 90s.",
                "<u> (u) is '3000000h': at most 168h is allowed.");
        assertThatThrownBy(() -> PropertyOverrides.toBoolean("arvados.aws.ebsAutoscale", "yes"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<aws><ebsAutoscale> (arvados.aws.ebsAutoscale) is 'yes': use true or false.");
        assertThat(org.arvados.maven.common.Setting.ofProperty("arvados.aws.ebsAutoscaleConfig.iops"))
                .isEqualTo("<aws><ebsAutoscaleConfig><iops> (arvados.aws.ebsAutoscaleConfig.iops)");
    }

    @Test
    void listsComeFromThePomOrAsCommaSeparatedProperties() {
        assertThat(overrides.list("l", List.of("a", "b"))).containsExactly("a", "b");
        project.setProperty("l", "x");
        assertThat(overrides.list("l", null)).containsExactly("x");
        commandLine.setProperty("l", " eu-west-1, ,us-east-1 ");
        assertThat(overrides.list("l", List.of("a"))).containsExactly("eu-west-1", "us-east-1");
        assertThat(overrides.list("unset", null)).isNull();
    }

    @Test
    void awsParametersMapEveryNestedPropertyWithoutAPom() {
        commandLine.setProperty("arvados.aws.sourceAmi", "ami-0123456789abcdef0");
        commandLine.setProperty("arvados.aws.secretsFile", "aws.env");
        commandLine.setProperty("arvados.aws.volumeSize", "30");
        commandLine.setProperty("arvados.aws.ebsAutoscale", "true");
        commandLine.setProperty("arvados.aws.ebsAutoscaleConfig.iops", "4000");
        project.setProperty("arvados.aws.region", "eu-west-2");

        AwsSettings aws = new AwsParameters().toSettings(overrides, value -> value == null ? null : Path.of("/ops", value));

        assertThat(aws.sourceAmi()).isEqualTo("ami-0123456789abcdef0");
        assertThat(aws.secretsFile()).isEqualTo(Path.of("/ops/aws.env"));
        assertThat(aws.volumeSize()).isEqualTo(30);
        assertThat(aws.ebsAutoscale()).isTrue();
        assertThat(aws.ebsAutoscaleConfig().iops()).isEqualTo(4000);
        assertThat(aws.region()).isEqualTo("eu-west-2");
        assertThat(new AwsParameters().serverId(overrides)).isNull();
    }

    @Test
    void noPropertiesAtAllIsFine() {
        PropertyOverrides none = new PropertyOverrides(null, null);
        assertThat(none.string("x", "pom")).isEqualTo("pom");
        assertThat(new AzureParameters().toSettings(none, value -> null).location()).isNull();
        assertThat(new GcpParameters().toSettings(none, value -> null).zone()).isEqualTo("us-central1-f");
    }
}
