package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.arvados.maven.image.AwsImage;
import org.arvados.maven.image.AwsSettings;
import org.arvados.maven.image.AzureGallery;
import org.arvados.maven.image.AzureImage;
import org.arvados.maven.image.AzureSettings;
import org.arvados.maven.image.GcpImage;
import org.junit.jupiter.api.Test;

import javax.inject.Inject;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11's parameters: each reaches its cloud's settings from the POM and as {@code arvados.<cloud>.<name>}. */
@MojoTest
class CloudOptionsMojoTest {
    private static final String DIR = "src/test/resources/unit/image/";

    @Inject
    private MavenSession session;

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-options-pom.xml")
    void awsOptionsFromThePom(AwsImageMojo mojo) throws Exception {
        AwsSettings aws = ((AwsImage) mojo.request().cloud()).settings();

        assertThat(aws.encryptBoot()).isTrue();
        assertThat(aws.kmsKeyId()).isEqualTo("alias/arvados-images");
        assertThat(aws.sshInterface()).isEqualTo("private_ip");
        assertThat(aws.associatePublicIp()).isFalse();
        assertThat(aws.buildIamInstanceProfile()).isEqualTo("packer-build");
        assertThat(aws.buildSecurityGroupIds()).containsExactly("sg-0123abcd");
        assertThat(aws.tags()).containsExactly(Map.entry("cost-center", "1234"), Map.entry("team", "ops"));
        assertThat(aws.pluginVersion()).isEqualTo("1.3.9");
        assertThat(aws.iamInstanceProfile()).as("the workers' profile is another setting").isNull();
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-options-pom.xml")
    void awsOptionsAsProperties(AwsImageMojo mojo) throws Exception {
        var properties = session.getUserProperties();
        properties.setProperty("arvados.aws.encryptBoot", "false");
        properties.setProperty("arvados.aws.kmsKeyId", "");
        properties.setProperty("arvados.aws.sshInterface", "public_dns");
        properties.setProperty("arvados.aws.associatePublicIp", "true");
        properties.setProperty("arvados.aws.buildIamInstanceProfile", "other-build");
        properties.setProperty("arvados.aws.buildSecurityGroupIds", "sg-0123456789abcdef0,sg-0aaaaaaa");
        properties.setProperty("arvados.aws.tags", "team=science, project=x");
        properties.setProperty("arvados.aws.pluginVersion", "1.3.10");

        AwsSettings aws = ((AwsImage) mojo.request().cloud()).settings();

        assertThat(aws.encryptBoot()).isFalse();
        assertThat(aws.kmsKeyId()).isNull();
        assertThat(aws.sshInterface()).isEqualTo("public_dns");
        assertThat(aws.buildIamInstanceProfile()).isEqualTo("other-build");
        assertThat(aws.buildSecurityGroupIds()).containsExactly("sg-0123456789abcdef0", "sg-0aaaaaaa");
        assertThat(aws.tags()).containsExactly(Map.entry("project", "x"), Map.entry("team", "science"));
        assertThat(aws.pluginVersion()).isEqualTo("1.3.10");
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-options-pom.xml")
    void badPropertyValuesAreReportedWithTheOtherProblems(AwsImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.aws.tags", "team");
        session.getUserProperties().setProperty("arvados.aws.encryptBoot", "yes");

        assertThat(mojo.request().parameterProblems()).containsExactlyInAnyOrder(
                "<aws><tags> (arvados.aws.tags) has 'team': use key=value pairs separated by commas.",
                "<aws><encryptBoot> (arvados.aws.encryptBoot) is 'yes': use true or false.");
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "azure-gallery-pom.xml")
    void azureGalleryFromThePomAndAsProperties(AzureImageMojo mojo) throws Exception {
        AzureSettings azure = ((AzureImage) mojo.request().cloud()).settings();
        assertThat(azure.buildResourceGroup()).isEqualTo("packer-build");
        assertThat(azure.gallery()).isEqualTo(new AzureGallery("arvados_images", "arvados-gallery", "xmpl1-compute",
                List.of("eastus", "westeurope")));
        assertThat(azure.pluginVersion()).isEqualTo("2.3.1");

        session.getUserProperties().setProperty("arvados.azure.gallery.imageDefinition", "xmpl1-gpu");
        session.getUserProperties().setProperty("arvados.azure.gallery.replicationRegions", "northeurope");
        session.getUserProperties().setProperty("arvados.azure.buildResourceGroup", "");
        session.getUserProperties().setProperty("arvados.azure.location", "northeurope");
        azure = ((AzureImage) mojo.request().cloud()).settings();
        assertThat(azure.gallery()).isEqualTo(new AzureGallery("arvados_images", "arvados-gallery", "xmpl1-gpu",
                List.of("northeurope")));
        assertThat(azure.buildResourceGroup()).isNull();
        assertThat(azure.location()).isEqualTo("northeurope");
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "minimal-pom.xml")
    void noGalleryUnlessOneIsNamedAndPropertiesAloneCanNameOne(AzureImageMojo mojo) throws Exception {
        assertThat(((AzureImage) mojo.request().cloud()).settings().gallery()).isNull();
        assertThat(((AzureImage) mojo.request().cloud()).settings().pluginVersion())
                .isEqualTo(AzureSettings.DEFAULT_PLUGIN_VERSION);

        session.getUserProperties().setProperty("arvados.azure.gallery.name", "g");
        assertThat(((AzureImage) mojo.request().cloud()).settings().gallery())
                .isEqualTo(new AzureGallery("g", null, null, List.of()));
    }

    @Test
    @InjectMojo(goal = "gcp-image", pom = DIR + "minimal-pom.xml")
    void gcpPluginVersionAsAProperty(GcpImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.gcp.pluginVersion", "v1.1.9");
        assertThat(((GcpImage) mojo.request().cloud()).settings().pluginVersion()).isEqualTo("1.1.9");
    }
}
