package org.arvados.maven.image;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.testing.Draft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.arvados.maven.image.Fixtures.aws;
import static org.arvados.maven.image.Fixtures.azure;
import static org.arvados.maven.image.Fixtures.gcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageValidationTest {
    @TempDir
    Path tmp;

    private InvalidInputException renderFails(ImageSpec spec, CloudImage cloud) {
        Path out = tmp.resolve("out");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> ImageRenderer.render(spec, cloud, out, "1.6.6"));
        assertThat(thrown).isInstanceOf(InvalidInputException.class);
        assertThat(out).as("nothing written on bad input").doesNotExist();
        return (InvalidInputException) thrown;
    }

    @Test
    void reportsEveryProblemInOneErrorAndWritesNothing() {
        ImageSpec spec = Draft.of(ImageSpec.class).with(ImageSpec::clusterId, "ZZ")
                .with(ImageSpec::publicKeyFile, tmp.resolve("missing.pub"))
                .with(ImageSpec::adminUsername, "Root User").with(ImageSpec::sshPort, 70000)
                .with(ImageSpec::resolver, "dns.example.com")
                                .with(ImageSpec::hosts, List.of("api.example 10.0.0.1"))
                .with(ImageSpec::repoSuffix, "dev").with(ImageSpec::runtimeEngine, "podman")
                .with(ImageSpec::mksquashfsMem, "lots").with(ImageSpec::workdir, "tmp")
                .with(ImageSpec::arvadosAptUrl, "ftp://apt.example")
                .with(ImageSpec::arvadosAptKeyUrl, "not a url").with(ImageSpec::dockerSource, "moby")
                .with(ImageSpec::versions, new SoftwareVersions("-3.2", "5:28 *", "1.7/*", "580.*;rm", "$(id)", "3.10"))
                .build();
        CloudImage cloud = new AwsImage(Draft.of(AwsSettings.class).with(AwsSettings::region, "US East")
                .with(AwsSettings::vpcId, "vpc-xyz").with(AwsSettings::subnetId, "sn-1")
                .with(AwsSettings::volumeSize, 4).with(AwsSettings::instanceType, "large")
                .with(AwsSettings::amiRegions, List.of("mars-1")).with(AwsSettings::profile, "ops")
                .with(AwsSettings::secretsFile, tmp.resolve("no-such-secrets")).with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::ebsAutoscaleConfig, new EbsAutoscaleConfig("scratch", "zfs", "my-vg", null, "gp9", 0, 100, null, 0, 0, 0, 0, 0, 0, "log", 0))
                .build());
        InvalidInputException error = renderFails(spec, cloud);
        assertThat(error.getMessage()).contains("<clusterId> (arvados.clusterId)", "<publicKeyFile>",
                "<adminUsername>", "<sshPort>", "<resolver>", "<hosts> (arvados.hosts) entry 1", "<repoSuffix>",
                "<runtimeEngine>", "<mksquashfsMem>", "<workdir>", "<arvadosAptUrl>", "<arvadosAptKeyUrl>",
                "<dockerSource>", "<arvadosVersion> (arvados.arvadosVersion) is not valid: an apt version",
                "<dockerVersion> (arvados.dockerVersion) is not valid", "<containerdVersion>", "<nvidiaDriverVersion>",
                "<nvidiaToolkitVersion>", "<singularityVersion> (arvados.singularityVersion) is not valid: a SingularityCE "
                + "release such as 3.10.4", "<aws><sourceAmi> (arvados.aws.sourceAmi) is required",
                "<aws><region>", "<aws><vpcId>", "<aws><subnetId>", "<aws><volumeSize>", "<aws><instanceType>",
                "<aws><amiRegions>", "<aws><secretsFile>", "<aws><profile> (arvados.aws.profile) and <aws><secretsFile>",
                "<aws><ebsAutoscaleConfig><mountpoint> (arvados.aws.ebsAutoscaleConfig.mountpoint)",
                "<aws><ebsAutoscaleConfig><filesystem>", "<aws><ebsAutoscaleConfig><volumeType>",
                "<aws><ebsAutoscaleConfig><volumeGroup> (arvados.aws.ebsAutoscaleConfig.volumeGroup) is not valid: "
                + "letters, digits, _ . + (no '-'",
                "<aws><ebsAutoscaleConfig><iops>", "<aws><ebsAutoscaleConfig><throughput>",
                "<aws><ebsAutoscaleConfig><detectionInterval>", "<aws><ebsAutoscaleConfig><minEbsVolumeSize>",
                "<aws><ebsAutoscaleConfig><maxEbsVolumeSize>", "<aws><ebsAutoscaleConfig><maxLogicalVolumeSize>",
                "<aws><ebsAutoscaleConfig><maxEbsVolumeCount>", "<aws><ebsAutoscaleConfig><initialUtilizationThreshold>",
                "<aws><ebsAutoscaleConfig><logFile>", "<aws><ebsAutoscaleConfig><logInterval>");
        assertThat(error.problems()).hasSizeGreaterThanOrEqualTo(33);
        assertThat(error.problems()).allSatisfy(problem -> assertThat(problem).containsPattern("<\\w+>"));
    }

    static Stream<Arguments> singleProblems() {
        return Stream.of(
                Arguments.of("<clusterId>", (UnaryOperator<Draft<ImageSpec>>) b -> b.with(ImageSpec::clusterId, null)),
                Arguments.of("<clusterId>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::clusterId, "zzzzzz")),
                Arguments.of("<resolver>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::resolver, "300.1.1.1")),
                Arguments.of("<hosts> (arvados.hosts) entry 2", (UnaryOperator<Draft<ImageSpec>>) b ->
                        b.with(ImageSpec::hosts, List.of("10.0.0.1 ok.example", "10.0.0.2"))),
                Arguments.of("<hosts>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::hosts, List.of("10.0.0.1 bad_host!"))),
                Arguments.of("<mksquashfsMem>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::mksquashfsMem, "256MB")),
                Arguments.of("<runtimeEngine>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::runtimeEngine, "Docker")),
                Arguments.of("<dockerSource>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::dockerSource, "podman")),
                Arguments.of("<arvadosAptUrl>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::arvadosAptUrl, "apt.arvados.org")),
                Arguments.of("<workdir>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::workdir, "/tmp/it's")),
                Arguments.of("<workdir>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::workdir, "/var/tmp/../../etc")),
                Arguments.of("<workdir>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::workdir, "/var/tmp/..")),
                // One <host> with a newline in it would become two /etc/hosts lines.
                Arguments.of("<hosts>", (UnaryOperator<Draft<ImageSpec>>) b ->
                        b.with(ImageSpec::hosts, List.of("10.0.0.1 a.example\n10.6.6.6 b.example"))),
                Arguments.of("<arvadosAptUrl>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::arvadosAptUrl, "file:///srv/it's")),
                Arguments.of("<arvadosAptUrl>", (UnaryOperator<Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::arvadosAptUrl, "file:///srv/$(id)")),
                Arguments.of("<arvadosAptKeyUrl>", (UnaryOperator<Draft<ImageSpec>>) b ->
                        b.with(ImageSpec::arvadosAptKeyUrl, "file:///srv/key;reboot")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleProblems")
    void namesTheElementOfEachProblem(String element, UnaryOperator<Draft<ImageSpec>> change) throws IOException {
        InvalidInputException error = renderFails(change.apply(Fixtures.spec(tmp)).build(), new GcpImage(gcp().build()));
        assertThat(error.problems()).hasSize(1);
        assertThat(error.getMessage()).contains(element);
    }

    @Test
    void dockerIoIsRefusedWithTheDefaultArvadosReleaseNamingBothAndTheApis() throws IOException {
        InvalidInputException error = renderFails(Fixtures.spec(tmp).with(ImageSpec::dockerSource, "docker.io").build(),
                new AwsImage(aws().build()));

        assertThat(error.problems()).containsExactly("<dockerSource> (arvados.dockerSource) docker.io cannot run the"
                + " containers of <arvadosVersion> (arvados.arvadosVersion) '3.2.1' (default 3.2.1): crunch-run calls"
                + " Docker API 1.48 from Arvados 3.2.1 on (1.35 before), and Debian's docker.io serves 1.41 (Debian 12)"
                + " or 1.45 (Debian 13); use <dockerSource>docker-ce</dockerSource> (the default), or, for a cluster"
                + " before 3.2.1, set <arvadosVersion> to its release, e.g. 3.1.2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "3.2.*", "3.2.1", "3.3.0"})
    void dockerIoIsRefusedWithAnArvadosVersionThatCanBe321OrLater(String arvadosVersion) throws IOException {
        InvalidInputException error = renderFails(dockerIo(arvadosVersion).build(), new GcpImage(gcp().build()));

        assertThat(error.problems()).singleElement().asString()
                .startsWith("<dockerSource> (arvados.dockerSource) docker.io cannot run the containers of "
                        + "<arvadosVersion> (arvados.arvadosVersion) '" + arvadosVersion + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"3.1.2", "3.2.0*", "3.2.0-1", "3.1.*"})
    void dockerIoServesAClusterBeforeArvados321(String arvadosVersion) throws IOException {
        assertThat(dockerIo(arvadosVersion).build().problems()).isEmpty();
    }

    @Test
    void dockerIoIsNotCheckedWhereDockerIsNotInstalledAndDockerCeServesEveryRelease() throws IOException {
        assertThat(dockerIo(null).with(ImageSpec::runtimeEngine, "singularity").build().problems()).isEmpty();
        assertThat(Fixtures.spec(tmp).with(ImageSpec::versions, new SoftwareVersions("*", null, null, null, null, null))
                .build().problems()).isEmpty();
    }

    private Draft<ImageSpec> dockerIo(String arvadosVersion) throws IOException {
        return Fixtures.spec(tmp).with(ImageSpec::dockerSource, "docker.io")
                .with(ImageSpec::versions, new SoftwareVersions(arvadosVersion, null, null, null, null, null));
    }

    @Test
    void acceptsGoodHostsResolversAndKeys() throws IOException {
        ImageSpec spec = Fixtures.spec(tmp).with(ImageSpec::resolver, "fd00::53")
                .with(ImageSpec::hosts, List.of("10.0.0.1 a.example b", "::1 localhost6"))
                .with(ImageSpec::workdir, "/var/tmp/..upload/x")
                .with(ImageSpec::arvadosAptUrl, "file:///srv/arvados-apt").build();
        assertThat(spec.problems()).isEmpty();
        assertThat(new AwsImage(aws().with(AwsSettings::sourceAmi, "ami-0123abcd")
                .with(AwsSettings::region, "us-gov-west-1").build()).problems()).isEmpty();
    }

    @Test
    void publicKeyProblemNeverQuotesTheFile() throws IOException {
        Path privateKey = tmp.resolve("id_dispatcher");
        Files.writeString(privateKey, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAASECRETMATERIAL\n"
                + "-----END OPENSSH PRIVATE KEY-----\n");
        InvalidInputException error = renderFails(Fixtures.spec(tmp).with(ImageSpec::publicKeyFile, privateKey).build(),
                new AwsImage(aws().build()));
        assertThat(error.getMessage()).contains("<publicKeyFile>", "not one OpenSSH public key line")
                .doesNotContain("SECRETMATERIAL").doesNotContain("BEGIN");
    }

    @Test
    void azureNeedsResourceGroupAndLocationAndOneCredentialSource() throws IOException {
        Path secrets = Files.writeString(tmp.resolve("s"), "ARM_CLIENT_ID=x\n");
        InvalidInputException error = renderFails(Fixtures.spec(tmp).build(), new AzureImage(Draft.of(AzureSettings.class)
                .with(AzureSettings::secretsFile, secrets).with(AzureSettings::serverId, "azure")
                .with(AzureSettings::subscriptionId, "nope").with(AzureSettings::vmSize, "big")
                                .with(AzureSettings::cloudEnvironment, "Mars").build()));
        assertThat(error.getMessage()).contains("<azure><resourceGroup> (arvados.azure.resourceGroup) is required",
                "<azure><location> (arvados.azure.location) is required", "<azure><subscriptionId>",
                "<azure><vmSize>", "<azure><cloudEnvironment>", "<azure><secretsFile> (arvados.azure.secretsFile) and <azure><serverId>");
    }

    @Test
    void azureCredentialsComeFromServerOrFileAndAreRequiredForABuild() throws IOException {
        AzureImage none = new AzureImage(azure().build());
        assertThatThrownBy(() -> none.packerEnvironment(null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<azure><secretsFile>").hasMessageContaining("<azure><serverId>");
        AzureImage server = new AzureImage(azure().with(AzureSettings::serverId, "azure-ops")
                .with(AzureSettings::subscriptionId, "aaaaaaaa-2222-3333-4444-555555555555")
                .with(AzureSettings::tenantId, "bbbbbbbb-2222-3333-4444-555555555555").build());
        assertThat(server.packerEnvironment(new ServerCredentials("azure-ops", "client", "s3cr3t-value")))
                .containsEntry("ARM_CLIENT_ID", "client").containsEntry("ARM_CLIENT_SECRET", "s3cr3t-value")
                .containsEntry("ARM_SUBSCRIPTION_ID", "aaaaaaaa-2222-3333-4444-555555555555").hasSize(4);
        assertThatThrownBy(() -> server.packerEnvironment(null)).hasMessageContaining("no <server> with id azure-ops");
        Path partial = Files.writeString(tmp.resolve("partial"), "export ARM_CLIENT_ID=c\nexport ARM_CLIENT_SECRET=hunter22\n");
        assertThatThrownBy(() -> new AzureImage(azure()
                .with(AzureSettings::secretsFile, partial).build()).packerEnvironment(null))
                .hasMessageContaining("ARM_SUBSCRIPTION_ID, ARM_TENANT_ID").hasMessageNotContaining("hunter22");
    }

    @Test
    void awsCredentialsFromServerFileOrProfile() throws IOException {
        assertThat(new AwsImage(aws().build()).packerEnvironment(null)).isEmpty();
        assertThat(new AwsImage(aws()
                .with(AwsSettings::profile, "ops").build()).packerEnvironment(null)).containsExactlyEntriesOf(
                java.util.Map.of("AWS_PROFILE", "ops"));
        assertThat(new AwsImage(aws()
                .with(AwsSettings::serverId, "aws").build()).packerEnvironment(new ServerCredentials("aws", "AKIA1", "sk")))
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIA1").containsEntry("AWS_SECRET_ACCESS_KEY", "sk");
        Path onlyId = Files.writeString(tmp.resolve("aws"), "export AWS_ACCESS_KEY_ID=AKIA1\n");
        assertThatThrownBy(() -> new AwsImage(aws()
                .with(AwsSettings::secretsFile, onlyId).build()).packerEnvironment(null))
                .hasMessageContaining("lacks AWS_SECRET_ACCESS_KEY").hasMessageNotContaining("AKIA1");
        assertThat(new ServerCredentials("aws", "AKIA1", "topsecret").toString()).doesNotContain("AKIA1", "topsecret");
    }

    @Test
    void ebsAutoscaleVolumeSizesMustBeInOrder() throws IOException {
        InvalidInputException error = renderFails(Fixtures.spec(tmp).build(), new AwsImage(aws()
                .with(AwsSettings::ebsAutoscale, true).with(AwsSettings::ebsAutoscaleConfig, Draft.of(EbsAutoscaleConfig.class)
                        .with(EbsAutoscaleConfig::minEbsVolumeSize, 2000).build()).build()));
        assertThat(error.problems()).containsExactly("<aws><ebsAutoscaleConfig><minEbsVolumeSize> "
                + "(arvados.aws.ebsAutoscaleConfig.minEbsVolumeSize) is 2000, more than <aws><ebsAutoscaleConfig>"
                + "<maxEbsVolumeSize> (arvados.aws.ebsAutoscaleConfig.maxEbsVolumeSize) (1500): lower one or raise the other");
    }

    @Test
    void gcpNeedsProjectAndAParsableAccountFileWithoutQuotingIt() throws IOException {
        Path broken = Files.writeString(tmp.resolve("key.json"), "{\"private_key\": \"-----BEGIN PRIVATE KEY-----TOPSECRET");
        InvalidInputException error = renderFails(Fixtures.spec(tmp).build(), new GcpImage(Draft.of(GcpSettings.class)
                .with(GcpSettings::accountFile, broken).with(GcpSettings::zone, "central")
                .with(GcpSettings::diskSize, 5).build()));
        assertThat(error.getMessage()).contains("<gcp><projectId> (arvados.gcp.projectId) is required",
                "<gcp><accountFile>", "not valid JSON", "<gcp><zone>", "<gcp><diskSize>")
                .doesNotContain("TOPSECRET").doesNotContain("private_key");
        InvalidInputException missing = renderFails(Fixtures.spec(tmp).build(),
                new GcpImage(gcp().with(GcpSettings::accountFile, tmp.resolve("nope.json")).build()));
        assertThat(missing.getMessage()).contains("<gcp><accountFile>", "does not exist");
    }
}
