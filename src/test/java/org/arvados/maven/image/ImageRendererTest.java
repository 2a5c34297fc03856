package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.packer.OnError;
import org.arvados.maven.packer.PackerPlugin;
import org.arvados.maven.testing.Draft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.arvados.maven.image.Fixtures.aws;
import static org.arvados.maven.image.Fixtures.azure;
import static org.arvados.maven.image.Fixtures.builder;
import static org.arvados.maven.image.Fixtures.gcp;
import static org.arvados.maven.image.Fixtures.readJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRendererTest {
    /** The provisioning contract, written out again on purpose (not taken from the renderer). */
    static final List<String> CONTRACT = List.of("CLOUD", "CLUSTER_ID", "ADMIN_USERNAME", "WORKDIR", "SSH_PORT",
            "RESOLVER", "REPO_SUFFIX", "PIN_PACKAGES", "RUNTIME_ENGINE", "MKSQUASHFS_MEM", "NVIDIA_GPU_SUPPORT",
            "AWS_EBS_AUTOSCALE", "ARVADOS_APT_URL", "ARVADOS_APT_KEY_URL", "DOCKER_SOURCE", "CRUNCH_RUN",
            "ARVADOS_VERSION", "DOCKER_VERSION", "CONTAINERD_VERSION", "NVIDIA_DRIVER_VERSION", "NVIDIA_TOOLKIT_VERSION",
            "SINGULARITY_VERSION");

    @TempDir
    Path tmp;

    private RenderedImage render(ImageSpec spec, CloudImage cloud, String out) throws IOException {
        return ImageRenderer.render(spec, cloud, tmp.resolve(out), "1.6.6");
    }

    @Test
    void sameInputsGiveByteIdenticalFiles() throws IOException {
        ImageSpec spec = Fixtures.spec(tmp).with(ImageSpec::hosts, List.of("10.0.0.5 zzzzz.example.com")).build();
        CloudImage cloud = new AwsImage(aws().with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::amiRegions, List.of("eu-west-1", "ap-south-1")).build());
        RenderedImage first = render(spec, cloud, "one");
        RenderedImage second = render(spec, cloud, "two");
        assertThat(first.inputsHash()).isEqualTo(second.inputsHash()).matches("[0-9a-f]{64}");
        assertThat(tree(first.dir())).isEqualTo(tree(second.dir()));
        RenderedImage again = render(spec, cloud, "one");
        assertThat(tree(again.dir())).isEqualTo(tree(second.dir()));
    }

    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }

    @Test
    void awsTemplateReproducesArvadosTemplate() throws IOException {
        RenderedImage image = render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()), "out");
        JsonNode builder = readJson(image.template()).get("builders").get(0);
        JsonNode vars = readJson(image.varFile());
        assertThat(builder.get("type").asText()).isEqualTo("amazon-ebs");
        assertThat(Fixtures.resolve(builder.get("ami_name").asText(), vars)).isEqualTo("arvados-zzzzz-compute-{{timestamp}}");
        assertThat(Fixtures.resolve(builder.get("instance_type").asText(), vars)).isEqualTo("m5.large");
        assertThat(Fixtures.resolve(builder.get("ssh_username").asText(), vars)).isEqualTo("admin");
        JsonNode root = builder.get("launch_block_device_mappings").get(0);
        assertThat(root.get("volume_type").asText()).isEqualTo("gp3");
        assertThat(root.get("throughput").asInt()).isEqualTo(125);
        assertThat(root.get("delete_on_termination").asBoolean()).isTrue();
        assertThat(Fixtures.resolve(root.get("volume_size").asText(), vars)).isEqualTo("20");
        assertThat(builder.get("ami_block_device_mappings").toString()).as("the instance store of pre-Nitro types")
                .isEqualTo("[{\"device_name\":\"/dev/xvdb\",\"virtual_name\":\"ephemeral0\"},"
                        + "{\"device_name\":\"/dev/xvdc\",\"virtual_name\":\"ephemeral1\"}]");
        JsonNode tags = builder.get("tags");
        assertThat(Fixtures.resolve(tags.get("Name").asText(), vars)).isEqualTo("arvados-zzzzz-compute");
        assertThat(Fixtures.resolve(tags.get("arvados_cluster").asText(), vars)).isEqualTo("zzzzz");
        assertThat(Fixtures.resolve(tags.get("arvados_inputs_hash").asText(), vars)).isEqualTo(image.inputsHash());
        assertThat(tags.get("creation_time").asText()).contains("{{isotime");
        assertThat(builder.get("run_tags").get("Name")).isNotNull();
        assertThat(Fixtures.resolve(builder.get("ena_support").asText(), vars)).isEqualTo("true");
        assertThat(Fixtures.resolve(builder.get("associate_public_ip_address").asText(), vars)).isEqualTo("true");
        assertThat(builder.has("vpc_id")).isFalse();
        assertThat(builder.has("ami_regions")).isFalse();
    }

    @Test
    void awsOptionalNetworkAndCopiesAppearWhenSet() throws IOException {
        RenderedImage image = render(Fixtures.spec(tmp).build(), new AwsImage(aws()
                .with(AwsSettings::vpcId, "vpc-0123abcd")
                .with(AwsSettings::subnetId, "subnet-0123abcd")
                .with(AwsSettings::amiRegions, List.of("us-west-2", "eu-west-1")).build()), "out");
        String resolved = Fixtures.resolvedTemplate(image);
        JsonNode builder = Fixtures.JSON.readTree(resolved).get("builders").get(0);
        assertThat(builder.get("vpc_id").asText()).isEqualTo("vpc-0123abcd");
        assertThat(builder.get("subnet_id").asText()).isEqualTo("subnet-0123abcd");
        assertThat(builder.get("ami_regions")).extracting(JsonNode::asText).containsExactly("eu-west-1", "us-west-2");
    }

    @Test
    void azureTemplateTakesCredentialsFromEnvironmentOnly() throws IOException {
        RenderedImage image = render(Fixtures.spec(tmp).build(), new AzureImage(azure().build()), "out");
        JsonNode template = readJson(image.template());
        JsonNode vars = readJson(image.varFile());
        JsonNode builder = template.get("builders").get(0);
        for (String name : List.of("client_id", "client_secret", "subscription_id", "tenant_id")) {
            assertThat(builder.get(name).asText()).isEqualTo("{{user `arm_" + name + "`}}");
            assertThat(template.get("variables").get("arm_" + name).asText())
                    .isEqualTo("{{env `ARM_" + name.toUpperCase() + "`}}");
            assertThat(vars.has("arm_" + name)).isFalse();
        }
        assertThat(template.get("sensitive-variables")).extracting(JsonNode::asText).contains("arm_client_secret");
        assertThat(Fixtures.resolve(builder.get("managed_image_name").asText(), vars)).isEqualTo("zzzzz-compute-v{{timestamp}}");
        assertThat(Fixtures.resolve(builder.get("managed_image_resource_group_name").asText(), vars)).isEqualTo("arvados-images");
        assertThat(builder.get("os_type").asText()).isEqualTo("Linux");
        assertThat(Fixtures.resolve(builder.get("vm_size").asText(), vars)).isEqualTo("Standard_D2s_v3");
        assertThat(Fixtures.resolve(builder.get("cloud_environment_name").asText(), vars)).isEqualTo("Public");
        assertThat(Fixtures.resolve(builder.get("image_sku").asText(), vars)).isEqualTo("12-gen2");
        assertThat(Fixtures.resolve(builder.get("ssh_username").asText(), vars)).isEqualTo("packer");
    }

    @Test
    void gcpImageNameIsValidUnderGcpRules() throws IOException {
        RenderedImage image = render(Fixtures.spec(tmp)
                .with(ImageSpec::clusterId, "a1b2c").build(), new GcpImage(gcp().build()), "out");
        JsonNode builder = builder(image);
        String name = Fixtures.resolve(builder.get("image_name").asText(), readJson(image.varFile()))
                .replace("{{timestamp}}", "1764400000");
        assertThat(name).isEqualTo("arvados-a1b2c-compute-1764400000").matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
        assertThat(builder.has("account_file")).isFalse();
        assertThat(Fixtures.resolve(builder.get("image_description").asText(), readJson(image.varFile())))
                .contains(image.inputsHash());
    }

    @Test
    void shellProvisionerSetsEveryContractVariable() throws IOException {
        for (CloudImage cloud : List.of(new AwsImage(aws().build()), new AzureImage(azure().build()),
                new GcpImage(gcp().build()))) {
            RenderedImage image = render(Fixtures.spec(tmp).build(), cloud, cloud.name());
            Map<String, String> env = Fixtures.provisioningEnvironment(image);
            assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(CONTRACT);
            assertThat(env).containsEntry("CLOUD", cloud.name()).containsEntry("CLUSTER_ID", "zzzzz")
                    .containsEntry("ADMIN_USERNAME", "crunch").containsEntry("WORKDIR", "/tmp")
                    .containsEntry("SSH_PORT", "22").containsEntry("RESOLVER", "").containsEntry("REPO_SUFFIX", "")
                    .containsEntry("PIN_PACKAGES", "true").containsEntry("RUNTIME_ENGINE", "docker")
                    .containsEntry("MKSQUASHFS_MEM", "256M").containsEntry("NVIDIA_GPU_SUPPORT", "false")
                    .containsEntry("AWS_EBS_AUTOSCALE", "false")
                    .containsEntry("ARVADOS_APT_URL", "https://apt.arvados.org")
                    .containsEntry("ARVADOS_APT_KEY_URL", "https://apt.arvados.org/pubkey.gpg")
                    .containsEntry("DOCKER_SOURCE", "docker-ce").containsEntry("CRUNCH_RUN", "true")
                    .containsEntry("ARVADOS_VERSION", "3.2.1").containsEntry("DOCKER_VERSION", "5:28.*")
                    .containsEntry("CONTAINERD_VERSION", "1.7.*").containsEntry("NVIDIA_DRIVER_VERSION", "580.*")
                    .containsEntry("NVIDIA_TOOLKIT_VERSION", "1.17.*").containsEntry("SINGULARITY_VERSION", "3.10.4");
            JsonNode run = readJson(image.template()).get("provisioners").get(2);
            assertThat(run.get("execute_command").asText()).contains("sudo env {{ .Vars }}");
            assertThat(Fixtures.resolve(run.get("inline").get(0).asText(), readJson(image.varFile())))
                    .isEqualTo("/bin/bash '/tmp/provision.sh' before-reboot");
        }
    }

    @ParameterizedTest
    @MethodSource("clouds")
    void theBuildRebootsIntoTheUpgradedKernelBeforeAnythingBuildsAgainstItThenFetchesTheBom(CloudImage cloud) throws Exception {
        RenderedImage image = render(Fixtures.spec(tmp).build(), cloud, cloud.name());

        JsonNode provisioners = readJson(image.template()).get("provisioners");
        List<String> runs = new ArrayList<>();
        provisioners.forEach(p -> runs.add(p.path("inline").path(0).asText(p.path("type").asText())));
        assertThat(runs).containsExactly(
                "[ -d '{{user `workdir`}}' ] || sudo install -d -o \"$(id -un)\" '{{user `workdir`}}'",
                "file",
                "/bin/bash '{{user `workdir`}}/provision.sh' before-reboot",
                "/bin/bash '{{user `workdir`}}/provision.sh' reboot",
                "/bin/bash '{{user `workdir`}}/provision.sh' after-reboot",
                "file");
        assertThat(provisioners.get(5).path("direction").asText()).as("the bill of materials").isEqualTo("download");
        assertThat(provisioners.get(5).path("source").asText()).isEqualTo("{{user `workdir`}}/bom.json");
        assertThat(provisioners.get(5).path("destination").asText()).isEqualTo("{{template_dir}}/bom.json");
        assertThat(provisioners.get(3).path("expect_disconnect").asBoolean()).as("the reboot").isTrue();
        assertThat(provisioners.get(2).has("expect_disconnect")).isFalse();
        assertThat(provisioners.get(4).path("pause_before").asText()).isEqualTo("10s");
        assertThat(provisioners.get(4).path("start_retry_timeout").asText()).isEqualTo("15m");
        for (int i = 2; i <= 4; i++) {
            assertThat(provisioners.get(i).get("environment_vars")).as("phase %d's environment", i)
                    .isEqualTo(provisioners.get(2).get("environment_vars"));
        }
    }

    @Test
    void twoClonesOfTheSameOpsRepositoryRenderTheSameInputsHash() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (String clone : List.of("one/ops", "elsewhere/two/ops")) {
            Path dir = Files.createDirectories(tmp.resolve(clone));
            ImageSpec spec = Fixtures.spec(dir).build();
            for (CloudImage cloud : List.of(new AwsImage(aws().build()), new AzureImage(azure().build()),
                    new GcpImage(gcp().with(GcpSettings::accountFile, Fixtures.serviceAccount(dir)).build()))) {
                RenderedImage image = ImageRenderer.render(spec, cloud, dir.resolve("target/arvados"), "1.6.6");
                hashes.add(cloud.name() + " " + image.inputsHash());
                assertThat(Files.readString(image.varFile()) + Files.readString(image.template()))
                        .as("no path of the clone in what packer reads").doesNotContain(dir.toString());
            }
        }
        assertThat(hashes.subList(0, 3)).isEqualTo(hashes.subList(3, 6));
    }

    @Test
    void theGcpAccountFileReachesPackerThroughItsEnvironmentOnly() throws Exception {
        Path key = Fixtures.serviceAccount(tmp);
        GcpImage cloud = new GcpImage(gcp().with(GcpSettings::accountFile, key).build());

        assertThat(cloud.packerEnvironment(null))
                .containsExactly(Map.entry("GOOGLE_APPLICATION_CREDENTIALS", key.toAbsolutePath().toString()));
        assertThat(builder(render(Fixtures.spec(tmp).build(), cloud, "gcp")).has("account_file")).isFalse();
    }

    static Stream<CloudImage> clouds() {
        return Stream.of(new AwsImage(aws().build()), new AzureImage(azure().build()), new GcpImage(gcp().build()));
    }

    static Stream<Arguments> contractOptions() {
        return Stream.<Object[]>of(
                new Object[]{"CLUSTER_ID", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::clusterId, "abcde"), "abcde"},
                new Object[]{"ADMIN_USERNAME", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::adminUsername, "arvados"), "arvados"},
                new Object[]{"WORKDIR", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::workdir, "/var/tmp/arv"), "/var/tmp/arv"},
                new Object[]{"SSH_PORT", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::sshPort, 2222), "2222"},
                new Object[]{"RESOLVER", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::resolver, "10.0.0.2"), "10.0.0.2"},
                new Object[]{"REPO_SUFFIX", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::repoSuffix, "-dev"), "-dev"},
                new Object[]{"PIN_PACKAGES", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::repoSuffix, "-dev"), "false"},
                new Object[]{"PIN_PACKAGES", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::pinPackages, false), "false"},
                new Object[]{"RUNTIME_ENGINE", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::runtimeEngine, "singularity"), "singularity"},
                new Object[]{"MKSQUASHFS_MEM", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::mksquashfsMem, "2G"), "2G"},
                new Object[]{"NVIDIA_GPU_SUPPORT", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::nvidiaGpuSupport, true), "true"},
                new Object[]{"ARVADOS_APT_URL", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::arvadosAptUrl, "file:///srv/apt"), "file:///srv/apt"},
                new Object[]{"ARVADOS_APT_KEY_URL", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::arvadosAptKeyUrl, "http://mirror.example/key.gpg"), "http://mirror.example/key.gpg"},
                new Object[]{"DOCKER_SOURCE", dockerIoForAClusterBefore321(), "docker.io"},
                new Object[]{"CRUNCH_RUN", (Function<Draft<ImageSpec>, Draft<ImageSpec>>) b -> b
                        .with(ImageSpec::crunchRun, false), "false"},
                new Object[]{"ARVADOS_VERSION", versions(new SoftwareVersions("3.2.0", null, null, null, null, null)), "3.2.0"},
                new Object[]{"ARVADOS_VERSION", versions(new SoftwareVersions("*", null, null, null, null, null)), "*"},
                new Object[]{"DOCKER_VERSION", versions(new SoftwareVersions(null, "5:29.*", null, null, null, null)), "5:29.*"},
                new Object[]{"DOCKER_VERSION", versions(new SoftwareVersions(null, "*", null, null, null, null)), "*"},
                new Object[]{"DOCKER_VERSION", dockerIoForAClusterBefore321(), "*"},
                new Object[]{"CONTAINERD_VERSION", versions(new SoftwareVersions(null, null, "2.1.*", null, null, null)), "2.1.*"},
                new Object[]{"CONTAINERD_VERSION", dockerIoForAClusterBefore321(), "*"},
                new Object[]{"NVIDIA_DRIVER_VERSION", versions(new SoftwareVersions(null, null, null, "575.*", null, null)), "575.*"},
                new Object[]{"NVIDIA_TOOLKIT_VERSION", versions(new SoftwareVersions(null, null, null, null, "1.18.*", null)), "1.18.*"},
                new Object[]{"SINGULARITY_VERSION", versions(new SoftwareVersions(null, null, null, null, null, "4.1.0")), "4.1.0"}
        ).map(Arguments::of);
    }

    /** Debian's docker.io: its versions default to the distribution's own (docker-ce's pins are not for it). */
    private static Function<Draft<ImageSpec>, Draft<ImageSpec>> dockerIoForAClusterBefore321() {
        return b -> b.with(ImageSpec::dockerSource, "docker.io")
                .with(ImageSpec::versions, new SoftwareVersions("3.1.2", null, null, null, null, null));
    }

    private static Function<Draft<ImageSpec>, Draft<ImageSpec>> versions(SoftwareVersions versions) {
        return b -> b.with(ImageSpec::versions, versions);
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("contractOptions")
    void eachSharedOptionReachesItsVariable(String variable, Function<Draft<ImageSpec>, Draft<ImageSpec>> option,
                                            String expected) throws IOException {
        Map<String, String> before = Fixtures.provisioningEnvironment(
                render(Fixtures.spec(tmp).build(), new GcpImage(gcp().build()), "before"));
        Map<String, String> after = Fixtures.provisioningEnvironment(
                render(option.apply(Fixtures.spec(tmp)).build(), new GcpImage(gcp().build()), "after"));
        assertThat(after.get(variable)).isEqualTo(expected).isNotEqualTo(before.get(variable));
    }

    @Test
    void aFolderThePluginDidNotWriteIsRefusedAndKeptAsItIs() throws IOException {
        Path mine = tmp.resolve("outside/aws/scripts/mine.sh");
        Files.createDirectories(mine.getParent());
        Files.writeString(mine, "echo mine\n");

        assertThatThrownBy(() -> render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()), "outside"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<outputDirectory> (arvados.outputDirectory): " + tmp.resolve("outside/aws")
                        + " holds files this plugin did not write; nothing was changed.");
        assertThat(mine).hasContent("echo mine\n");
        try (var files = Files.walk(tmp.resolve("outside"))) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(mine);
        }
    }

    @Test
    void aFolderAnEarlierVersionRenderedIsTakenOver() throws IOException {
        // As a plugin version without .arvados-rendered left it: only names a render writes.
        Path dir = Files.createDirectories(tmp.resolve("old/aws/scripts"));
        Files.writeString(dir.resolve("provision.sh"), "# old\n");
        Files.writeString(dir.resolve("ebs-autoscale.json"), "{}\n");
        Files.writeString(dir.getParent().resolve("template.json"), "{}\n");

        RenderedImage image = render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()), "old");

        assertThat(image.scriptsDir().resolve("provision.sh")).content().doesNotContain("# old");
        assertThat(image.scriptsDir().resolve("ebs-autoscale.json")).doesNotExist();
        assertThat(image.dir().resolve(RenderedFiles.LIST)).exists();
    }

    @Test
    void aRerenderRemovesOnlyWhatTheLastRenderWrote() throws IOException {
        RenderedImage first = render(Fixtures.spec(tmp).build(), new AwsImage(aws()
                .with(AwsSettings::ebsAutoscale, true).build()), "out");
        Path added = first.dir().resolve("notes.txt");
        Files.writeString(added, "an operator's note\n");

        RenderedImage second = render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()), "out");

        assertThat(second.scriptsDir().resolve("ebs-autoscale.json")).doesNotExist();
        assertThat(second.scriptsDir().resolve("provision.sh")).exists();
        assertThat(added).hasContent("an operator's note\n");
    }

    @Test
    void ebsAutoscaleReachesVariableScriptsAndPolicy() throws IOException {
        RenderedImage on = render(Fixtures.spec(tmp).build(), new AwsImage(aws().with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::ebsAutoscaleConfig, new EbsAutoscaleConfig(null, null, null, null, null, 6000, null, null, null, null,
                        null, null, null, null, null, null)).build()), "out");
        assertThat(Fixtures.provisioningEnvironment(on)).containsEntry("AWS_EBS_AUTOSCALE", "true");
        JsonNode config = readJson(on.scriptsDir().resolve("ebs-autoscale.json"));
        assertThat(config.at("/volume/iops").asInt()).isEqualTo(6000);
        assertThat(config.get("mountpoint").asText()).isEqualTo("/tmp");
        assertThat(config.get("filesystem").asText()).isEqualTo("lvm.ext4");
        assertThat(config.at("/lvm/volume_group").asText()).isEqualTo("autoscale_vg");
        assertThat(config.at("/limits/max_ebs_volume_count").asInt()).isEqualTo(16);
        assertThat(config.at("/logging/log_interval").asInt()).isEqualTo(300);
        Path policy = tmp.resolve("out").resolve(AwsImage.IAM_POLICY_FILE);
        assertThat(readJson(policy).at("/Statement/0/Action")).extracting(JsonNode::asText)
                .contains("ec2:AttachVolume", "ec2:CreateVolume", "ec2:DeleteVolume", "ec2:CreateTags");
        assertThat(on.sideFiles()).containsExactly(policy);

        RenderedImage off = render(Fixtures.spec(tmp).build(), new AwsImage(aws().build()), "out");
        assertThat(off.scriptsDir().resolve("ebs-autoscale.json")).doesNotExist();
        assertThat(policy).doesNotExist();
    }

    /** Everything a render decides: resolved template, scripts, on-error mode and environment. */
    private String fingerprint(ImageSpec spec, CloudImage cloud) throws IOException {
        RenderedImage image = render(spec, cloud, "fp");
        StringBuilder all = new StringBuilder(Fixtures.resolvedTemplate(image)).append(tree(image.scriptsDir()))
                .append(image.onError()).append(environment(cloud));
        return all.toString().replace(tmp.toString(), "");
    }

    private static String environment(CloudImage cloud) {
        try {
            return cloud.packerEnvironment(null).toString();
        } catch (org.arvados.maven.common.InvalidInputException e) {
            return "no credentials";
        }
    }

    @Test
    void everyOptionChangesWhatIsRendered() throws IOException {
        Path key2 = Fixtures.publicKey(tmp, 2);
        ImageSpec base = Fixtures.spec(tmp).build();
        List<Object[]> variants = new ArrayList<>();
        Function<Draft<AwsSettings>, CloudImage> a = b -> new AwsImage(b.build());
        Function<Draft<AzureSettings>, CloudImage> z = b -> new AzureImage(b.build());
        Function<Draft<GcpSettings>, CloudImage> g = b -> new GcpImage(b.build());
        variants.add(new Object[]{"sshUser", Draft.from(base)
                .with(ImageSpec::sshUser, "debian").build(), a.apply(aws())});
        variants.add(new Object[]{"hosts", Draft.from(base)
                .with(ImageSpec::hosts, List.of("10.1.1.1 api.zzzzz.example")).build(), a.apply(aws())});
        variants.add(new Object[]{"publicKeyFile", Draft.from(base)
                .with(ImageSpec::publicKeyFile, key2).build(), a.apply(aws())});
        variants.add(new Object[]{"onError", Draft.from(base)
                .with(ImageSpec::onError, OnError.ABORT).build(), a.apply(aws())});
        variants.add(new Object[]{"aws.profile", base, a.apply(aws().with(AwsSettings::profile, "ops"))});
        variants.add(new Object[]{"aws.sourceAmi", base, a.apply(aws().with(AwsSettings::sourceAmi, "ami-0123abcd"))});
        variants.add(new Object[]{"aws.region", base, a.apply(aws().with(AwsSettings::region, "eu-west-1"))});
        variants.add(new Object[]{"aws.vpcId", base, a.apply(aws().with(AwsSettings::vpcId, "vpc-0123abcd"))});
        variants.add(new Object[]{"aws.subnetId", base, a.apply(aws().with(AwsSettings::subnetId, "subnet-0123abcd"))});
        variants.add(new Object[]{"aws.associatePublicIp", base, a.apply(aws()
                .with(AwsSettings::associatePublicIp, false))});
        variants.add(new Object[]{"aws.enaSupport", base, a.apply(aws().with(AwsSettings::enaSupport, false))});
        variants.add(new Object[]{"aws.instanceType", base, a.apply(aws()
                .with(AwsSettings::instanceType, "c5.xlarge"))});
        variants.add(new Object[]{"aws.volumeSize", base, a.apply(aws().with(AwsSettings::volumeSize, 40))});
        variants.add(new Object[]{"aws.endpoint", base, a.apply(aws()
                .with(AwsSettings::endpoint, java.net.URI.create("https://ec2.example.com")))});
        variants.add(new Object[]{"aws.amiRegions", base, a.apply(aws()
                .with(AwsSettings::amiRegions, List.of("eu-west-1")))});
        variants.add(new Object[]{"aws.ebsAutoscale", base, a.apply(aws().with(AwsSettings::ebsAutoscale, true))});
        variants.add(new Object[]{"aws.ebsAutoscaleConfig", base, a.apply(aws().with(AwsSettings::ebsAutoscale, true)
                .with(AwsSettings::ebsAutoscaleConfig, new EbsAutoscaleConfig("/scratch", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)))});
        Path awsSecrets = Files.writeString(tmp.resolve("aws-secrets"), "AWS_ACCESS_KEY_ID=AKIA1\nAWS_SECRET_ACCESS_KEY=sk1\n");
        variants.add(new Object[]{"aws.secretsFile", base, a.apply(aws().with(AwsSettings::secretsFile, awsSecrets))});
        String awsBase = fingerprint(base, a.apply(aws()));
        for (Object[] v : variants) {
            assertThat(fingerprint((ImageSpec) v[1], (CloudImage) v[2])).as((String) v[0]).isNotEqualTo(awsBase);
        }
        List<Object[]> azure = List.of(
                new Object[]{"azure.resourceGroup", z.apply(azure().with(AzureSettings::resourceGroup, "other"))},
                new Object[]{"azure.location", z.apply(azure().with(AzureSettings::location, "westeurope"))},
                new Object[]{"azure.imagePublisher", z.apply(azure().with(AzureSettings::imagePublisher, "Canonical"))},
                new Object[]{"azure.imageOffer", z.apply(azure().with(AzureSettings::imageOffer, "debian-13"))},
                new Object[]{"azure.imageSku", z.apply(azure().with(AzureSettings::imageSku, "13-gen2"))},
                new Object[]{"azure.vmSize", z.apply(azure().with(AzureSettings::vmSize, "Standard_D4s_v3"))},
                new Object[]{"azure.cloudEnvironment", z.apply(azure()
                        .with(AzureSettings::cloudEnvironment, "USGovernment"))});
        String azureBase = fingerprint(base, z.apply(azure()));
        Path azureSecrets = Files.writeString(tmp.resolve("azure-secrets"), "ARM_CLIENT_ID=c\nARM_CLIENT_SECRET=s\n"
                + "ARM_SUBSCRIPTION_ID=aaaaaaaa-2222-3333-4444-555555555555\nARM_TENANT_ID=bbbbbbbb-2222-3333-4444-555555555555\n");
        String withSecrets = fingerprint(base, z.apply(azure().with(AzureSettings::secretsFile, azureSecrets)));
        assertThat(withSecrets).as("azure.secretsFile").isNotEqualTo(azureBase);
        assertThat(fingerprint(base, z.apply(azure().with(AzureSettings::secretsFile, azureSecrets)
                .with(AzureSettings::subscriptionId, "cccccccc-2222-3333-4444-555555555555"))))
                .as("azure.subscriptionId").isNotEqualTo(withSecrets);
        assertThat(fingerprint(base, z.apply(azure().with(AzureSettings::secretsFile, azureSecrets)
                .with(AzureSettings::tenantId, "dddddddd-2222-3333-4444-555555555555"))))
                .as("azure.tenantId").isNotEqualTo(withSecrets);
        for (Object[] v : azure) {
            assertThat(fingerprint(base, (CloudImage) v[1])).as((String) v[0]).isNotEqualTo(azureBase);
        }
        Path account = Fixtures.serviceAccount(tmp);
        List<Object[]> gcp = List.of(
                new Object[]{"gcp.projectId", g.apply(gcp().with(GcpSettings::projectId, "other-project"))},
                new Object[]{"gcp.accountFile", g.apply(gcp().with(GcpSettings::accountFile, account))},
                new Object[]{"gcp.zone", g.apply(gcp().with(GcpSettings::zone, "europe-west1-b"))},
                new Object[]{"gcp.sourceImageFamily", g.apply(gcp().with(GcpSettings::sourceImageFamily, "debian-13"))},
                new Object[]{"gcp.sourceImageProjectId", g.apply(gcp()
                        .with(GcpSettings::sourceImageProjectId, "my-images"))},
                new Object[]{"gcp.machineType", g.apply(gcp().with(GcpSettings::machineType, "n2-standard-4"))},
                new Object[]{"gcp.diskSize", g.apply(gcp().with(GcpSettings::diskSize, 50))});
        String gcpBase = fingerprint(base, g.apply(gcp()));
        for (Object[] v : gcp) {
            assertThat(fingerprint(base, (CloudImage) v[1])).as((String) v[0]).isNotEqualTo(gcpBase);
        }
    }

    @Test
    void varFileIsPrivateAndHoldsNoSecret() throws IOException {
        Path secrets = tmp.resolve("aws-secrets");
        Files.writeString(secrets, "export AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEYID0001\n"
                + "export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET0001'\n");
        AwsImage cloud = new AwsImage(aws().with(AwsSettings::secretsFile, secrets).build());
        RenderedImage image = render(Fixtures.spec(tmp).build(), cloud, "out");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image.varFile()))).isEqualTo("rw-------");
        Map<String, String> env = cloud.packerEnvironment(null);
        assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET0001")
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001");
        assertNoFileContains(tmp.resolve("out"), "SECRET0001", "AKIAEXAMPLEKEYID0001");
    }

    @Test
    void azureSecretsStayOutOfEveryFile() throws IOException {
        Path secrets = tmp.resolve("azure-secrets");
        Files.writeString(secrets, """
                export ARM_CLIENT_ID=11111111-2222-3333-4444-555555555555
                export ARM_CLIENT_SECRET="azure~secret~value~0001"
                export ARM_SUBSCRIPTION_ID=aaaaaaaa-2222-3333-4444-555555555555
                export ARM_TENANT_ID=bbbbbbbb-2222-3333-4444-555555555555
                """);
        AzureImage cloud = new AzureImage(azure().with(AzureSettings::secretsFile, secrets).build());
        render(Fixtures.spec(tmp).build(), cloud, "out");
        Map<String, String> env = cloud.packerEnvironment(null);
        assertThat(env).containsEntry("ARM_CLIENT_SECRET", "azure~secret~value~0001");
        assertThat(cloud.secretValues(env)).containsExactlyInAnyOrder("azure~secret~value~0001",
                "11111111-2222-3333-4444-555555555555");
        assertNoFileContains(tmp.resolve("out"), "azure~secret~value~0001", "11111111-2222-3333-4444-555555555555");
    }

    static void assertNoFileContains(Path dir, String... secrets) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(path);
                for (String secret : secrets) {
                    assertThat(content).as(path.toString()).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void scriptsHoldIndexedFilesAndGeneratedOnes() throws IOException {
        RenderedImage image = render(Fixtures.spec(tmp)
                .with(ImageSpec::hosts, List.of("10.0.0.5  api.zzzzz.example  api")).build(),
                new GcpImage(gcp().build()), "out");
        for (String name : ImageRenderer.scriptIndex()) {
            assertThat(image.scriptsDir().resolve(name)).exists();
        }
        assertThat(image.scriptsDir().resolve("provision.sh")).isExecutable();
        assertThat(image.scriptsDir().resolve("dispatcher.pub")).hasContent(Fixtures.publicKeyLine(1));
        assertThat(image.scriptsDir().resolve("hosts")).hasContent("10.0.0.5  api.zzzzz.example  api");
    }

    @Test
    void artifactIdsBecomeImageLocations() {
        AwsImage aws = new AwsImage(aws().with(AwsSettings::region, "us-east-1")
                .with(AwsSettings::amiRegions, List.of("eu-west-1")).build());
        ImageLocation location = aws.locate("eu-west-1:ami-0aaaaaaaaaaaaaaa1,us-east-1:ami-0bbbbbbbbbbbbbbb2");
        assertThat(location.imageId()).isEqualTo("ami-0bbbbbbbbbbbbbbb2");
        assertThat(location.region()).isEqualTo("us-east-1");
        assertThat(location.regions()).containsEntry("eu-west-1", "ami-0aaaaaaaaaaaaaaa1").hasSize(2);
        // Only a copy's AMI: recording it as the build region's would point the dispatcher at nothing.
        assertThatThrownBy(() -> aws.locate("eu-west-1:ami-0aaaaaaaaaaaaaaa1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("it names no AMI in the build region us-east-1, only in [eu-west-1]");
        assertThat(new AzureImage(azure().build()).locate("/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.Compute/images/zzzzz-compute-v1764400000").imageId()).isEqualTo("zzzzz-compute-v1764400000");
        ImageLocation gcp = new GcpImage(gcp().build()).locate("arvados-zzzzz-compute-1764400000");
        assertThat(gcp.imageId()).isEqualTo("arvados-zzzzz-compute-1764400000");
        assertThat(gcp.region()).isEqualTo("us-central1-f");
    }

    @Test
    void cloudsNameTheirPluginsAndDefaults() {
        assertThat(new AwsImage(aws().build()).plugin())
                .isEqualTo(new PackerPlugin("github.com/hashicorp/amazon", AwsSettings.DEFAULT_PLUGIN_VERSION));
        assertThat(new AzureImage(azure().build()).plugin())
                .isEqualTo(new PackerPlugin("github.com/hashicorp/azure", AzureSettings.DEFAULT_PLUGIN_VERSION));
        assertThat(new GcpImage(gcp().build()).plugin())
                .isEqualTo(new PackerPlugin("github.com/hashicorp/googlecompute", GcpSettings.DEFAULT_PLUGIN_VERSION));
        assertThat(List.of(new AwsImage(aws().build()).defaultSshUser(), new AzureImage(azure().build()).defaultSshUser(),
                new GcpImage(gcp().build()).defaultSshUser())).containsExactly("admin", "packer", "packer");
    }
}
