package org.arvados.maven.image;

import org.arvados.maven.packer.OnError;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.arvados.maven.image.Fixtures.aws;
import static org.arvados.maven.image.Fixtures.azure;
import static org.arvados.maven.image.Fixtures.gcp;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rendered variant passes the real {@code packer validate} (Debian's 1.6.6), and a broken one does not. */
class PackerValidateTest {
    @TempDir
    Path tmp;
    private Path packer;
    private Path workingDir;

    @BeforeEach
    void findPacker() throws IOException {
        packer = Tools.require("packer");
        // Run from elsewhere than the template's folder: paths in the template must not depend on it.
        workingDir = Files.createDirectories(tmp.resolve("cwd"));
    }

    private record Result(int exitCode, String output) {
    }

    private Result validate(RenderedImage image, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(packer.toString(), "validate", "-var-file=" + image.varFile(), image.template().toString())
                .directory(workingDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("ARM_") || name.startsWith("GOOGLE_"));
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("PACKER_CONFIG_DIR", tmp.resolve("packer-config").toString());
        env.put("PACKER_CACHE_DIR", tmp.resolve("packer-cache").toString());
        env.putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private void assertValid(ImageSpec spec, CloudImage cloud) throws Exception {
        assertValid(spec, cloud, Map.of());
    }

    private void assertValid(ImageSpec spec, CloudImage cloud, Map<String, String> env) throws Exception {
        RenderedImage image = ImageRenderer.render(spec, cloud, tmp.resolve("out"), "1.6.6");
        Result result = validate(image, env);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void awsDefaults() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new AwsImage(aws().build()));
    }

    @Test
    void awsEveryOption() throws Exception {
        ImageSpec spec = Fixtures.spec(tmp).with(ImageSpec::adminUsername, "arvados")
                .with(ImageSpec::sshUser, "debian").with(ImageSpec::sshPort, 2222)
                .with(ImageSpec::resolver, "10.0.0.2")
                .with(ImageSpec::hosts, List.of("10.0.0.5 api.zzzzz.example", "fd00::5 keep0.zzzzz.example keep0"))
                .with(ImageSpec::repoSuffix, "-dev").with(ImageSpec::pinPackages, true)
                .with(ImageSpec::mksquashfsMem, "1G").with(ImageSpec::workdir, "/var/tmp/arvados")
                .with(ImageSpec::arvadosAptUrl, "http://mirror.example/arvados")
                .with(ImageSpec::arvadosAptKeyUrl, "file:///etc/arvados.gpg")
                .with(ImageSpec::dockerSource, "docker.io")
                .with(ImageSpec::versions, new SoftwareVersions("3.1.2", null, null, null, null, null))
                .with(ImageSpec::onError, OnError.ABORT).build();
        CloudImage cloud = new AwsImage(aws().with(AwsSettings::profile, "ops")
                .with(AwsSettings::region, "eu-west-1").with(AwsSettings::vpcId, "vpc-0123456789abcdef0")
                .with(AwsSettings::subnetId, "subnet-0123abcd").with(AwsSettings::associatePublicIp, false)
                .with(AwsSettings::enaSupport, false).with(AwsSettings::instanceType, "c5.2xlarge")
                .with(AwsSettings::volumeSize, 64)
                .with(AwsSettings::amiRegions, List.of("us-east-1", "eu-central-1"))
                                .with(AwsSettings::iamInstanceProfile, "arvados-compute")
                .build());
        assertValid(spec, cloud, Map.of("AWS_PROFILE", "ops"));
    }

    /** Issue 11's options in the form packer 1.6.6 takes (no imds_support, no temporary_key_pair_type). */
    @Test
    void awsEncryptedPrivateBuildWithTagsProfileAndSecurityGroups() throws Exception {
        CloudImage cloud = new AwsImage(aws().with(AwsSettings::encryptBoot, true)
                .with(AwsSettings::kmsKeyId, "alias/arvados-images")
                .with(AwsSettings::amiRegions, List.of("eu-west-1"))
                .with(AwsSettings::subnetId, "subnet-0123abcd").with(AwsSettings::associatePublicIp, false)
                .with(AwsSettings::sshInterface, "private_ip")
                .with(AwsSettings::buildIamInstanceProfile, "packer-build")
                .with(AwsSettings::buildSecurityGroupIds, List.of("sg-0123456789abcdef0", "sg-0123abcd"))
                .with(AwsSettings::tags, Map.of("team", "ops", "cost-center", "1234")).build());
        RenderedImage image = ImageRenderer.render(Fixtures.spec(tmp).build(), cloud, tmp.resolve("out"), "1.6.6");
        Result result = validate(image, Map.of());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readString(image.template())).contains("\"encrypt_boot\" : true", "\"kms_key_id\"",
                "\"ssh_interface\"", "\"iam_instance_profile\"", "\"security_group_ids\"", "\"cost-center\" : \"1234\"");
    }

    /**
     * What 1.6.6 knows of the new form: imds_support is an unknown key. temporary_key_pair_type is known
     * (its amazon-ebs ignores it and makes RSA keys), so the template for 1.8 passes.
     */
    @Test
    void packer166RefusesImdsSupportAndAcceptsTheKeyPairType() throws Exception {
        RenderedImage for111 = ImageRenderer.render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()),
                tmp.resolve("out111"), "1.11.2");
        Result imds = validate(for111, Map.of());
        assertThat(imds.exitCode()).isNotZero();
        assertThat(imds.output()).contains("unknown configuration key").contains("imds_support");
        RenderedImage for18 = ImageRenderer.render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()),
                tmp.resolve("out18"), "1.8.7");
        assertThat(Files.readString(for18.template())).contains("\"temporary_key_pair_type\" : \"ed25519\"")
                .doesNotContain("imds_support");
        Result keyType = validate(for18, Map.of());
        assertThat(keyType.exitCode()).as(keyType.output()).isZero();
    }

    @Test
    void azureGalleryAndBuildResourceGroup() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new AzureImage(azure()
                .with(AzureSettings::gallery, new AzureGallery("arvados_images",
                "arvados-gallery", "zzzzz-compute", List.of("westeurope", "eastus"))).build()));
        assertValid(Fixtures.spec(tmp).build(), new AzureImage(azure().with(AzureSettings::location, null)
                .with(AzureSettings::buildResourceGroup, "packer-build")
                .with(AzureSettings::gallery, new AzureGallery("arvados_images", "arvados-gallery", "zzzzz-compute", List.of("eastus"))).build()));
    }

    @Test
    void awsEbsAutoscale() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new AwsImage(aws().with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::ebsAutoscaleConfig,
                        new EbsAutoscaleConfig("/tmp", "btrfs", "vg", "lv", "gp2", 200, 250, false, 5, 100, 500, 4000, 8, 70, "/var/log/x.log", 60))
                .build()));
    }

    @Test
    void awsCustomEndpoint() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new AwsImage(aws()
                .with(AwsSettings::endpoint, URI.create("https://ec2.example.com")).build()));
    }

    @Test
    void awsGpu() throws Exception {
        assertValid(Fixtures.spec(tmp).with(ImageSpec::nvidiaGpuSupport, true).build(), new AwsImage(aws()
                .with(AwsSettings::instanceType, "g4dn.xlarge").build()));
    }

    @Test
    void awsSingularity() throws Exception {
        assertValid(Fixtures.spec(tmp).with(ImageSpec::runtimeEngine, "singularity")
                .with(ImageSpec::mksquashfsMem, "512M").build(), new AwsImage(aws().build()));
    }

    @Test
    void azureDefaults() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new AzureImage(azure().build()));
    }

    @Test
    void azureEveryOptionWithCredentialsInEnvironment() throws Exception {
        Path secrets = tmp.resolve("azure-secrets");
        Files.writeString(secrets, "export ARM_CLIENT_ID=11111111-2222-3333-4444-555555555555\n"
                + "export ARM_CLIENT_SECRET='not-a-real-secret'\n");
        AzureImage cloud = new AzureImage(azure().with(AzureSettings::secretsFile, secrets)
                .with(AzureSettings::subscriptionId, "aaaaaaaa-2222-3333-4444-555555555555")
                .with(AzureSettings::tenantId, "bbbbbbbb-2222-3333-4444-555555555555")
                .with(AzureSettings::imagePublisher, "Debian").with(AzureSettings::imageOffer, "debian-13")
                .with(AzureSettings::imageSku, "13-gen2").with(AzureSettings::vmSize, "Standard_D4s_v3")
                .with(AzureSettings::cloudEnvironment, "USGovernment").build());
        assertValid(Fixtures.spec(tmp).with(ImageSpec::runtimeEngine, "singularity")
                .with(ImageSpec::nvidiaGpuSupport, true).build(), cloud,
                cloud.packerEnvironment(null));
    }

    @Test
    void gcpDefaults() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new GcpImage(gcp().build()));
    }

    @Test
    void gcpWithAccountFileAndEveryOption() throws Exception {
        assertValid(Fixtures.spec(tmp).build(), new GcpImage(gcp()
                .with(GcpSettings::accountFile, Fixtures.serviceAccount(tmp))
                .with(GcpSettings::zone, "europe-west1-b").with(GcpSettings::sourceImageFamily, "debian-13")
                .with(GcpSettings::sourceImageProjectId, "my-images-project")
                .with(GcpSettings::machineType, "n2-standard-4").with(GcpSettings::diskSize, 40).build()));
    }

    @Test
    void packerRejectsABrokenVariant() throws Exception {
        RenderedImage image = ImageRenderer.render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()),
                tmp.resolve("out"), "1.6.6");
        assertThat(validate(image, Map.of()).exitCode()).isZero();

        String vars = Files.readString(image.varFile());
        Files.writeString(image.varFile(), vars.replace("\"aws_associate_public_ip_address\" : \"true\"",
                "\"aws_associate_public_ip_address\" : \"maybe\""));
        Result badValue = validate(image, Map.of());
        assertThat(badValue.exitCode()).isNotZero();
        assertThat(badValue.output()).contains("associate_public_ip_address");

        Files.writeString(image.varFile(), vars);
        Files.writeString(image.template(), Files.readString(image.template()).replace("\"gp3\"", "\"gp9\""));
        Result badTemplate = validate(image, Map.of());
        assertThat(badTemplate.exitCode()).isNotZero();
    }

    @Test
    void packerRejectsAMissingScriptsFolderAndAMissingVarFile() throws Exception {
        RenderedImage image = ImageRenderer.render(Fixtures.spec(tmp).build(), new GcpImage(gcp().build()),
                tmp.resolve("out"), "1.6.6");
        Files.delete(image.varFile());
        Files.writeString(image.varFile(), "{}");
        assertThat(validate(image, Map.of()).exitCode()).isNotZero();
        image = ImageRenderer.render(Fixtures.spec(tmp).build(), new GcpImage(gcp().build()), tmp.resolve("out"), "1.6.6");
        try (var files = Files.list(image.scriptsDir())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(image.scriptsDir());
        Result result = validate(image, Map.of());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("scripts");
    }
}
