package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.arvados.maven.image.AwsImage;
import org.arvados.maven.image.AwsSettings;
import org.arvados.maven.image.AzureImage;
import org.arvados.maven.image.AzureSettings;
import org.arvados.maven.image.GcpImage;
import org.arvados.maven.image.GcpSettings;
import org.arvados.maven.image.ImageRequest;
import org.arvados.maven.image.ImageSpec;
import org.arvados.maven.image.SoftwareVersions;
import org.arvados.maven.packer.OnError;
import org.junit.jupiter.api.Test;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parameter mapping of the image goals as Maven configures them from the plugin descriptor: nested
 * {@code <aws>/<azure>/<gcp>} values reach the cloud's settings, a command-line property (the session's
 * user properties) wins over the POM, the POM over a project property, and defaults apply otherwise.
 */
@MojoTest
class ImageMojoParametersTest {
    private static final String DIR = "src/test/resources/unit/image/";

    @Inject
    private MavenSession session;

    @Inject
    private MavenProject project;

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void nestedAwsValuesReachTheSettings(AwsImageMojo mojo) throws Exception {
        ImageRequest request = mojo.request();
        AwsSettings aws = ((AwsImage) request.cloud()).settings();
        assertThat(aws.profile()).isEqualTo("ops");
        assertThat(aws.sourceAmi()).isEqualTo("ami-0123456789abcdef0");
        assertThat(aws.region()).isEqualTo("eu-west-1");
        assertThat(aws.vpcId()).isEqualTo("vpc-0123abcd");
        assertThat(aws.subnetId()).isEqualTo("subnet-0123abcd");
        assertThat(aws.associatePublicIp()).isFalse();
        assertThat(aws.enaSupport()).isTrue();
        assertThat(aws.instanceType()).isEqualTo("c5.xlarge");
        assertThat(aws.volumeSize()).isEqualTo(40);
        assertThat(aws.amiRegions()).containsExactly("eu-central-1", "us-east-1");
        assertThat(aws.ebsAutoscale()).isTrue();
        assertThat(aws.ebsAutoscaleConfig().volumeType()).isEqualTo("gp2");
        assertThat(aws.ebsAutoscaleConfig().maxEbsVolumeCount()).isEqualTo(4);
        assertThat(aws.ebsAutoscaleConfig().throughput()).isEqualTo(250);
        assertThat(aws.ebsAutoscaleConfig().minEbsVolumeSize()).isEqualTo(100);
        assertThat(aws.ebsAutoscaleConfig().initialUtilizationThreshold()).isEqualTo(70);
        assertThat(aws.ebsAutoscaleConfig().mountpoint()).isEqualTo("/tmp");
        assertThat(aws.iamInstanceProfile()).isEqualTo("arvados-compute");

        ImageSpec spec = request.spec();
        assertThat(spec.clusterId()).isEqualTo("xmpl1");
        assertThat(spec.publicKeyFile()).isEqualTo(basedir().resolve("keys/dispatcher.pub"));
        assertThat(spec.adminUsername()).isEqualTo("worker");
        assertThat(spec.resolver()).isEqualTo("10.0.0.2");
        assertThat(spec.hosts()).containsExactly("10.20.30.40 xmpl1.example.com", "10.20.30.41 keep.xmpl1.example.com");
        assertThat(spec.runtimeEngine()).isEqualTo("singularity");
        assertThat(spec.onError()).isEqualTo(OnError.ABORT);
        assertThat(request.packer()).isEqualTo("/opt/packer/bin/packer");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(request.server().get()).isNull();
    }

    private static void set(AbstractImageMojo mojo, String parameter, Object value) throws ReflectiveOperationException {
        java.lang.reflect.Field field = AbstractImageMojo.class.getDeclaredField(parameter);
        field.setAccessible(true);
        field.set(mojo, value);
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void aBadDurationAndAConfigYmlConflictAreBothAmongTheRequestsProblems(AwsImageMojo mojo) throws Exception {
        Path config = Files.writeString(Files.createTempDirectory("cluster").resolve("config.yml"),
                "Clusters:\n  xmpl1:\n    Containers: {RuntimeEngine: docker}\n");
        set(mojo, "configFile", config.toFile());
        set(mojo, "timeout", "soon");

        ImageRequest request = mojo.request();

        assertThat(request.parameterProblems()).anyMatch(problem -> problem.startsWith("<timeout> (arvados.timeout)"))
                .anyMatch(problem -> problem.startsWith("<runtimeEngine> (arvados.runtimeEngine) is singularity but "
                        + "config.yml's Clusters.xmpl1.Containers.RuntimeEngine is docker"));
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void aBadOnErrorIsAmongTheRequestsProblems(AwsImageMojo mojo) throws Exception {
        set(mojo, "onError", "Abort");

        ImageRequest request = mojo.request();

        assertThat(request.parameterProblems()).containsExactly("<onError> (arvados.onError) is 'Abort': use cleanup"
                + " (delete what a failed build created) or abort (keep the build VM to debug it)");
        assertThat(request.spec().onError()).isEqualTo(OnError.CLEANUP);
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void commandLinePropertiesWinOverNestedPomValues(AwsImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.aws.sourceAmi", "ami-0fedcba9876543210");
        session.getUserProperties().setProperty("arvados.aws.volumeSize", "64");
        session.getUserProperties().setProperty("arvados.aws.associatePublicIp", "true");
        session.getUserProperties().setProperty("arvados.aws.amiRegions", "ap-south-1, sa-east-1");
        session.getUserProperties().setProperty("arvados.aws.ebsAutoscaleConfig.maxEbsVolumeCount", "8");
        // A project property loses to the POM's nested value.
        project.getProperties().setProperty("arvados.aws.region", "us-west-2");

        AwsSettings aws = ((AwsImage) mojo.request().cloud()).settings();

        assertThat(aws.sourceAmi()).isEqualTo("ami-0fedcba9876543210");
        assertThat(aws.volumeSize()).isEqualTo(64);
        assertThat(aws.associatePublicIp()).isTrue();
        assertThat(aws.amiRegions()).containsExactly("ap-south-1", "sa-east-1");
        assertThat(aws.ebsAutoscaleConfig().maxEbsVolumeCount()).isEqualTo(8);
        assertThat(aws.ebsAutoscaleConfig().volumeType()).isEqualTo("gp2");
        assertThat(aws.region()).isEqualTo("eu-west-1");
        assertThat(aws.instanceType()).isEqualTo("c5.xlarge");
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void theEndpointIsAUrlAndABadOneIsAmongTheRequestsProblems(AwsImageMojo mojo) throws Exception {
        assertThat(((AwsImage) mojo.request().cloud()).settings().endpoint()).isNull();

        session.getUserProperties().setProperty("arvados.aws.endpoint", "https://ec2.example.com/");
        assertThat(((AwsImage) mojo.request().cloud()).settings().endpoint())
                .isEqualTo(java.net.URI.create("https://ec2.example.com/"));

        session.getUserProperties().setProperty("arvados.aws.endpoint", "ec2.example.com");
        ImageRequest request = mojo.request();
        assertThat(request.parameterProblems()).singleElement().asString()
                .startsWith("<aws><endpoint> (arvados.aws.endpoint) is 'ec2.example.com': give the http or https URL");
        assertThat(((AwsImage) request.cloud()).settings().endpoint()).isNull();
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "minimal-pom.xml")
    void projectPropertiesFillNestedValuesTheProjectLeftOut(AwsImageMojo mojo) throws Exception {
        project.getProperties().setProperty("arvados.aws.sourceAmi", "ami-0aaaaaaaaaaaaaaa1");
        project.getProperties().setProperty("arvados.aws.secretsFile", "secrets/aws.env");

        AwsSettings aws = ((AwsImage) mojo.request().cloud()).settings();

        assertThat(aws.sourceAmi()).isEqualTo("ami-0aaaaaaaaaaaaaaa1");
        // A relative file given as a property is taken from the project's folder.
        assertThat(aws.secretsFile()).isEqualTo(basedir().resolve("secrets/aws.env"));
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "minimal-pom.xml")
    void awsDefaults(AwsImageMojo mojo) throws Exception {
        ImageRequest request = mojo.request();
        AwsSettings aws = ((AwsImage) request.cloud()).settings();
        assertThat(aws.sourceAmi()).isNull();
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.instanceType()).isEqualTo("m5.large");
        assertThat(aws.volumeSize()).isEqualTo(20);
        assertThat(aws.associatePublicIp()).isTrue();
        assertThat(aws.enaSupport()).isTrue();
        assertThat(aws.amiRegions()).isEmpty();
        assertThat(aws.ebsAutoscale()).isFalse();
        assertThat(aws.profile()).isNull();
        assertThat(aws.secretsFile()).isNull();
        assertThat(aws.serverId()).isNull();

        ImageSpec spec = request.spec();
        assertThat(spec.adminUsername()).isEqualTo("crunch");
        assertThat(spec.sshPort()).isEqualTo(22);
        assertThat(spec.runtimeEngine()).isEqualTo("docker");
        assertThat(spec.mksquashfsMem()).isEqualTo("256M");
        assertThat(spec.workdir()).isEqualTo("/tmp");
        assertThat(spec.pinPackages()).isTrue();
        assertThat(spec.crunchRun()).as("crunch-run installed, as Arvados' own image build does").isTrue();
        assertThat(spec.versions()).as("the target release's versions").isEqualTo(SoftwareVersions.TARGET);
        assertThat(spec.onError()).isEqualTo(OnError.CLEANUP);
        assertThat(spec.publicKeyFile().toString()).endsWith(".ssh/id_dispatcher.pub");
        assertThat(request.packer()).isEqualTo("packer");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.force()).isFalse();
        assertThat(request.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(request.cleanupTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(request.outputDirectory()).isEqualTo(basedir().resolve("target/arvados"));
        assertThat(request.ledgerFile()).isEqualTo(basedir().resolve("arvados-images.json"));
        assertThat(request.recordFile()).isEqualTo(basedir().resolve("target/arvados/aws-image.json"));
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "minimal-pom.xml")
    @MojoParameter(name = "dryRun", value = "true")
    @MojoParameter(name = "force", value = "true")
    @MojoParameter(name = "repoSuffix", value = "-dev")
    void flatParameters(AwsImageMojo mojo) throws Exception {
        ImageRequest request = mojo.request();
        assertThat(request.dryRun()).isTrue();
        assertThat(request.force()).isTrue();
        assertThat(request.spec().pinPackages()).isFalse();
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "aws-pom.xml")
    void badPropertyValueIsAFailureNamingTheProperty(AwsImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.aws.volumeSize", "big");
        session.getUserProperties().setProperty("arvados.aws.sourceAmi", "not-an-ami");
        // One error with all of them: the value that is not a number, the one that is not an AMI, the missing key.
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("3 problems")
                .hasMessageContaining("<aws><volumeSize> (arvados.aws.volumeSize) is 'big': use a whole number")
                .hasMessageContaining("<aws><sourceAmi>");
    }

    @Test
    @InjectMojo(goal = "aws-image", pom = DIR + "minimal-pom.xml")
    @MojoParameter(name = "skip", value = "true")
    void skipDoesNothing(AwsImageMojo mojo) throws Exception {
        mojo.execute();
        assertThat(basedir().resolve("target/arvados/aws-image.json")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "azure-pom.xml")
    void nestedAzureValuesReachTheSettings(AzureImageMojo mojo) throws Exception {
        AzureSettings azure = ((AzureImage) mojo.request().cloud()).settings();
        assertThat(azure.secretsFile()).isEqualTo(basedir().resolve("secrets/azure.env"));
        assertThat(azure.subscriptionId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(azure.tenantId()).isEqualTo("66666666-7777-8888-9999-000000000000");
        assertThat(azure.resourceGroup()).isEqualTo("arvados-images");
        assertThat(azure.location()).isEqualTo("westeurope");
        assertThat(azure.imagePublisher()).isEqualTo("Canonical");
        assertThat(azure.imageOffer()).isEqualTo("ubuntu-24_04-lts");
        assertThat(azure.imageSku()).isEqualTo("server");
        assertThat(azure.vmSize()).isEqualTo("Standard_D4s_v3");
        assertThat(azure.cloudEnvironment()).isEqualTo("USGovernment");
        assertThat(azure.serverId()).isNull();
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "azure-pom.xml")
    void commandLinePropertiesWinOverNestedAzureValues(AzureImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.azure.location", "eastus");
        session.getUserProperties().setProperty("arvados.azure.vmSize", "Standard_F2s_v2");

        AzureSettings azure = ((AzureImage) mojo.request().cloud()).settings();

        assertThat(azure.location()).isEqualTo("eastus");
        assertThat(azure.vmSize()).isEqualTo("Standard_F2s_v2");
        assertThat(azure.resourceGroup()).isEqualTo("arvados-images");
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "azure-pom.xml")
    void anEmptyCommandLineFileValueClearsThePomsAndAServerIdIsLookedUp(AzureImageMojo mojo) throws Exception {
        // -Darvados.azure.secretsFile= -Darvados.azure.serverId=azure-sp: switch credentials sources.
        session.getUserProperties().setProperty("arvados.azure.secretsFile", "");
        session.getUserProperties().setProperty("arvados.azure.serverId", "azure-sp");

        // The harness's session has no settings.xml servers: the lookup names the server and the element.
        assertThatThrownBy(() -> mojo.request().server().get()).hasMessageContaining("<azure><serverId>")
                .hasMessageContaining("'azure-sp'");
        session.getUserProperties().remove("arvados.azure.serverId");
        assertThat(((AzureImage) mojo.request().cloud()).settings().secretsFile()).isNull();
    }

    @Test
    @InjectMojo(goal = "azure-image", pom = DIR + "minimal-pom.xml")
    void azureDefaults(AzureImageMojo mojo) throws Exception {
        AzureSettings azure = ((AzureImage) mojo.request().cloud()).settings();
        assertThat(azure.imagePublisher()).isEqualTo("Debian");
        assertThat(azure.imageOffer()).isEqualTo("debian-12");
        assertThat(azure.imageSku()).isEqualTo("12-gen2");
        assertThat(azure.vmSize()).isEqualTo("Standard_D2s_v3");
        assertThat(azure.cloudEnvironment()).isEqualTo("Public");
        assertThat(azure.resourceGroup()).isNull();
        assertThat(azure.location()).isNull();
        assertThat(mojo.request().recordFile()).isEqualTo(basedir().resolve("target/arvados/azure-image.json"));
    }

    @Test
    @InjectMojo(goal = "gcp-image", pom = DIR + "gcp-pom.xml")
    void nestedGcpValuesReachTheSettings(GcpImageMojo mojo) throws Exception {
        GcpSettings gcp = ((GcpImage) mojo.request().cloud()).settings();
        assertThat(gcp.projectId()).isEqualTo("arvados-images");
        assertThat(gcp.accountFile()).isEqualTo(basedir().resolve("secrets/account.json"));
        assertThat(gcp.zone()).isEqualTo("europe-west1-b");
        assertThat(gcp.sourceImageFamily()).isEqualTo("debian-13");
        assertThat(gcp.machineType()).isEqualTo("n2-standard-4");
        assertThat(gcp.diskSize()).isEqualTo(30);
    }

    @Test
    @InjectMojo(goal = "gcp-image", pom = DIR + "gcp-pom.xml")
    void commandLinePropertiesWinOverNestedGcpValues(GcpImageMojo mojo) throws Exception {
        session.getUserProperties().setProperty("arvados.gcp.zone", "us-east1-b");
        session.getUserProperties().setProperty("arvados.gcp.diskSize", "50");
        GcpSettings gcp = ((GcpImage) mojo.request().cloud()).settings();
        assertThat(gcp.zone()).isEqualTo("us-east1-b");
        assertThat(gcp.diskSize()).isEqualTo(50);
        assertThat(gcp.projectId()).isEqualTo("arvados-images");
    }

    @Test
    @InjectMojo(goal = "gcp-image", pom = DIR + "minimal-pom.xml")
    void gcpDefaults(GcpImageMojo mojo) throws Exception {
        GcpSettings gcp = ((GcpImage) mojo.request().cloud()).settings();
        assertThat(gcp.projectId()).isNull();
        assertThat(gcp.accountFile()).isNull();
        assertThat(gcp.zone()).isEqualTo("us-central1-f");
        assertThat(gcp.sourceImageFamily()).isEqualTo("debian-12");
        assertThat(gcp.sourceImageProjectId()).isEqualTo("debian-cloud");
        assertThat(gcp.machineType()).isEqualTo("e2-standard-2");
        assertThat(gcp.diskSize()).isEqualTo(20);
    }

    private Path basedir() {
        return project.getBasedir().toPath();
    }
}
