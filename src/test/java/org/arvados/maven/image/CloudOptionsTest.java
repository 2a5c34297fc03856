package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.arvados.maven.testing.Draft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.arvados.maven.image.Fixtures.aws;
import static org.arvados.maven.image.Fixtures.azure;
import static org.arvados.maven.image.Fixtures.gcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 11's cloud options: how each is rendered, per packer version, and the error for each bad value. */
class CloudOptionsTest {
    private static final Instant BUILD_TIME = Instant.parse("2026-12-01T09:30:05Z");

    @TempDir
    Path tmp;

    private RenderedImage render(CloudImage cloud, String packerVersion) throws IOException {
        return ImageRenderer.render(Fixtures.spec(tmp).build(), cloud, tmp.resolve("out-" + packerVersion),
                packerVersion, BUILD_TIME);
    }

    /** The builder with every {{user}} reference replaced by its value. */
    private JsonNode resolvedBuilder(RenderedImage image) throws IOException {
        return Fixtures.JSON.readTree(Fixtures.resolvedTemplate(image)).get("builders").get(0);
    }

    private static Draft<AwsSettings> everyAwsOption() {
        return aws().with(AwsSettings::encryptBoot, true)
                .with(AwsSettings::kmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .with(AwsSettings::subnetId, "subnet-0123abcd").with(AwsSettings::associatePublicIp, false)
                .with(AwsSettings::sshInterface, "private_ip")
                .with(AwsSettings::buildIamInstanceProfile, "packer-build")
                .with(AwsSettings::buildSecurityGroupIds, List.of("sg-0123abcd", "sg-0123456789abcdef0"))
                .with(AwsSettings::tags, Map.of("team", "ops", "cost-center", "1234"));
    }

    @Test
    void awsOptionsAreRenderedForPacker166WithoutTheKeysItLacks() throws IOException {
        AwsImage cloud = new AwsImage(everyAwsOption().build());
        JsonNode builder = resolvedBuilder(render(cloud, "1.6.6"));

        assertThat(builder.get("encrypt_boot").asBoolean()).isTrue();
        assertThat(builder.get("kms_key_id").asText()).endsWith(":key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(builder.get("ssh_interface").asText()).isEqualTo("private_ip");
        assertThat(builder.get("associate_public_ip_address").asText()).isEqualTo("false");
        assertThat(builder.get("iam_instance_profile").asText()).isEqualTo("packer-build");
        assertThat(builder.get("security_group_ids")).extracting(JsonNode::asText)
                .containsExactly("sg-0123456789abcdef0", "sg-0123abcd");
        for (String tags : List.of("tags", "snapshot_tags", "run_tags")) {
            assertThat(builder.get(tags).get("team").asText()).as(tags).isEqualTo("ops");
            assertThat(builder.get(tags).get("cost-center").asText()).as(tags).isEqualTo("1234");
            assertThat(builder.get(tags).get("arvados_cluster").asText()).as(tags).isEqualTo("zzzzz");
        }
        assertThat(builder.get("tags").get("arvados_inputs_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(builder.has("imds_support")).isFalse();
        assertThat(builder.has("temporary_key_pair_type")).isFalse();
        assertThat(cloud.limitations(new PackerRelease("1.6.6"))).satisfiesExactly(
                imds -> assertThat(imds).startsWith("packer 1.6.6 cannot mark the AMI IMDSv2-only")
                        .contains("instances still get IMDSv2 from the dispatcher"),
                key -> assertThat(key).startsWith("packer 1.6.6 makes the build's temporary key pair RSA"));
    }

    @Test
    void newerPackersGetEd25519KeyPairsFrom18AndAnImdsV2OnlyAmiFrom110() throws IOException {
        AwsImage cloud = new AwsImage(aws().build());

        JsonNode for18 = resolvedBuilder(render(cloud, "1.8.7"));
        assertThat(for18.get("temporary_key_pair_type").asText()).isEqualTo("ed25519");
        assertThat(for18.has("imds_support")).isFalse();
        assertThat(cloud.limitations(new PackerRelease("1.8.7"))).singleElement().asString()
                .startsWith("packer 1.8.7 cannot mark the AMI IMDSv2-only");

        JsonNode for111 = resolvedBuilder(render(cloud, "1.11.2"));
        assertThat(for111.get("imds_support").asText()).isEqualTo("v2.0");
        assertThat(for111.get("temporary_key_pair_type").asText()).isEqualTo("ed25519");
        assertThat(cloud.limitations(new PackerRelease("1.11.2"))).isEmpty();
        // No encryption, no build VM options, no extra tags: none of their keys.
        assertThat(for111.has("encrypt_boot")).isFalse();
        assertThat(for111.has("kms_key_id")).isFalse();
        assertThat(for111.has("ssh_interface")).isFalse();
        assertThat(for111.has("iam_instance_profile")).isFalse();
        assertThat(for111.has("security_group_ids")).isFalse();
    }

    @Test
    void everyAwsOptionChangesTheInputsHash() throws IOException {
        String base = render(new AwsImage(aws().build()), "1.6.6").inputsHash();
        List<AwsSettings> variants = List.of(aws().with(AwsSettings::encryptBoot, true).build(),
                aws().with(AwsSettings::encryptBoot, true).with(AwsSettings::kmsKeyId, "alias/images").build(),
                aws().with(AwsSettings::sshInterface, "private_ip").build(),
                aws().with(AwsSettings::buildIamInstanceProfile, "packer-build").build(),
                aws().with(AwsSettings::buildSecurityGroupIds, List.of("sg-0123abcd")).build(),
                aws().with(AwsSettings::tags, Map.of("team", "ops")).build(),
                aws().with(AwsSettings::endpoint, URI.create("https://ec2.example.com")).build());
        for (AwsSettings variant : variants) {
            assertThat(render(new AwsImage(variant), "1.6.6").inputsHash()).as(variant.toString()).isNotEqualTo(base);
        }
    }

    @Test
    void aCustomEndpointIsRenderedOnlyWhenSet() throws IOException {
        JsonNode custom = resolvedBuilder(render(new AwsImage(aws()
                .with(AwsSettings::endpoint, URI.create("http://10.0.0.5:8788/ec2")).build()), "1.6.6"));
        JsonNode plain = resolvedBuilder(render(new AwsImage(aws().build()), "1.6.6"));

        assertThat(custom.get("custom_endpoint_ec2").asText()).isEqualTo("http://10.0.0.5:8788/ec2");
        assertThat(plain.has("custom_endpoint_ec2")).isFalse();
    }

    @Test
    void theEndpointParameterIsAnHttpOrHttpsUrl() {
        assertThat(AwsSettings.parseEndpoint(" https://ec2.example.com ")).isEqualTo(URI.create("https://ec2.example.com"));
        assertThat(AwsSettings.parseEndpoint("")).isNull();
        for (String bad : List.of("ec2.example.com", "ftp://ec2.example.com", "https://", "https://exa mple.com")) {
            assertThatThrownBy(() -> AwsSettings.parseEndpoint(bad)).as(bad)
                    .isInstanceOf(org.arvados.maven.common.InvalidInputException.class)
                    .hasMessage("<aws><endpoint> (arvados.aws.endpoint) is '" + bad + "': give the http or https URL"
                            + " of an EC2-compatible API, e.g. https://ec2.example.com");
        }
    }

    @Test
    void azureGalleryAndBuildResourceGroupChangeTheInputsHash() throws IOException {
        AzureGallery gallery = new AzureGallery("g", "rg", "def", List.of("eastus"));
        String base = render(new AzureImage(azure().build()), "1.6.6").inputsHash();
        List<AzureSettings> variants = List.of(azure().with(AzureSettings::gallery, gallery).build(),
                azure().with(AzureSettings::gallery, new AzureGallery("g", "rg", "other", List.of("eastus"))).build(),
                azure().with(AzureSettings::gallery, new AzureGallery("g", "rg", "def", List.of("eastus", "westus"))).build(),
                azure().with(AzureSettings::location, null)
                        .with(AzureSettings::buildResourceGroup, "packer-build").build());
        List<String> hashes = new java.util.ArrayList<>(List.of(base));
        for (AzureSettings variant : variants) {
            hashes.add(render(new AzureImage(variant), "1.6.6").inputsHash());
        }
        assertThat(hashes).doesNotHaveDuplicates();
    }

    @Test
    void thePluginPinIsAnInputFromPacker110Only() throws IOException {
        AwsImage pinned = new AwsImage(aws().build());
        AwsImage other = new AwsImage(aws().with(AwsSettings::pluginVersion, "v1.3.11").build());

        assertThat(other.plugin().version()).isEqualTo("1.3.11");
        assertThat(render(other, "1.6.6").inputsHash()).isEqualTo(render(pinned, "1.6.6").inputsHash());
        assertThat(render(other, "1.11.2").inputsHash()).isNotEqualTo(render(pinned, "1.11.2").inputsHash());
        assertThat(ImageRenderer.toolchain(new PackerRelease("1.11.2"), pinned))
                .isEqualTo("1.11.2 github.com/hashicorp/amazon v" + AwsSettings.DEFAULT_PLUGIN_VERSION);
        assertThat(ImageRenderer.toolchain(new PackerRelease("1.6.6"), pinned)).isEqualTo("1.6.6");
    }

    @Test
    void badAwsValuesEachNameTheirElement() {
        assertThat(new AwsImage(aws()
                .with(AwsSettings::kmsKeyId, "my key").build()).problems()).containsExactlyInAnyOrder(
                "<aws><kmsKeyId> (arvados.aws.kmsKeyId) is not valid: a KMS key ID, key ARN, alias/<name> or alias ARN",
                "<aws><kmsKeyId> (arvados.aws.kmsKeyId) is set but <aws><encryptBoot> (arvados.aws.encryptBoot) is"
                        + " false: set encryptBoot to true, or drop kmsKeyId");
        assertThat(new AwsImage(aws()
                .with(AwsSettings::sshInterface, "session_manager").build()).problems()).containsExactly(
                "<aws><sshInterface> (arvados.aws.sshInterface) must be one of public_ip, private_ip, public_dns,"
                        + " private_dns (case matters)");
        assertThat(new AwsImage(aws().with(AwsSettings::associatePublicIp, false)
                .with(AwsSettings::sshInterface, "public_ip").build()).problems())
                .singleElement().asString().startsWith("<aws><sshInterface> (arvados.aws.sshInterface) is public_ip but"
                        + " <aws><associatePublicIp> (arvados.aws.associatePublicIp) is false");
        assertThat(new AwsImage(aws()
                .with(AwsSettings::buildIamInstanceProfile, "no spaces allowed").build()).problems()).containsExactly(
                "<aws><buildIamInstanceProfile> (arvados.aws.buildIamInstanceProfile) is not valid: an IAM instance"
                        + " profile name");
        assertThat(new AwsImage(aws()
                .with(AwsSettings::buildSecurityGroupIds, List.of("sg-0123abcd", "default")).build()).problems())
                .containsExactly("<aws><buildSecurityGroupIds> (arvados.aws.buildSecurityGroupIds) has an entry that is"
                        + " not a security group ID; use sg- then 8 or 17 lowercase hex digits");
        assertThat(new AwsImage(aws().with(AwsSettings::pluginVersion, "latest").build()).problems()).containsExactly(
                "<aws><pluginVersion> (arvados.aws.pluginVersion) is not valid: a plugin release such as 1.2.2"
                        + " (major.minor.patch)");
        assertThat(new AwsImage(aws()
                .with(AwsSettings::pluginVersion, "1.2.1").build()).problems()).singleElement().asString()
                .startsWith("<aws><pluginVersion> (arvados.aws.pluginVersion) is 1.2.1: use 1.2.2 or later");
    }

    @Test
    void userTagsMayNotReplaceThePluginsOwnOrBreakTheTemplate() {
        List<String> problems = new AwsImage(aws().with(AwsSettings::tags, Map.of("Name", "mine", "aws:owner", "x",
                "team", "{{env `HOME`}}", "long", "v".repeat(257))).build()).problems();

        assertThat(problems).allMatch(problem -> problem.startsWith("<aws><tags> (arvados.aws.tags) "));
        assertThat(problems).anyMatch(problem -> problem.contains("sets Name, a tag the plugin sets itself"))
                .anyMatch(problem -> problem.contains("'aws:owner' AWS refuses"))
                .anyMatch(problem -> problem.contains("team holds {{"))
                .anyMatch(problem -> problem.contains("long has a value longer than AWS' 256 characters"))
                .hasSize(4);
        assertThat(new AwsImage(everyAwsOption().build()).problems()).isEmpty();
    }

    @Test
    void azureGalleryGetsAVersionFromTheBuildTimeOutsideTheInputsHash() throws IOException {
        AzureImage cloud = new AzureImage(azure()
                .with(AzureSettings::gallery, new AzureGallery("arvados_images", "arvados-gallery",
                "zzzzz-compute", List.of())).build());
        RenderedImage image = render(cloud, "1.6.6");
        JsonNode destination = resolvedBuilder(image).get("shared_image_gallery_destination");

        assertThat(destination.get("gallery_name").asText()).isEqualTo("arvados_images");
        assertThat(destination.get("resource_group").asText()).isEqualTo("arvados-gallery");
        assertThat(destination.get("image_name").asText()).isEqualTo("zzzzz-compute");
        assertThat(destination.get("image_version").asText()).isEqualTo("2026.1201.93005");
        assertThat(destination.get("replication_regions")).extracting(JsonNode::asText).containsExactly("eastus");
        assertThat(resolvedBuilder(image).get("managed_image_name").asText()).startsWith("zzzzz-compute-v");
        assertThat(cloud.gallery(image.variables())).contains(new org.arvados.maven.ledger.ImageRecord.Gallery(
                "arvados_images", "arvados-gallery", "zzzzz-compute", "2026.1201.93005", List.of()));

        RenderedImage later = ImageRenderer.render(Fixtures.spec(tmp).build(), cloud, tmp.resolve("later"), "1.6.6",
                BUILD_TIME.plusSeconds(3600));
        assertThat(later.inputsHash()).isEqualTo(image.inputsHash());
        assertThat(later.variables().get(AzureImage.GALLERY_VERSION_VARIABLE)).isEqualTo("2026.1201.103005");
        assertThat(new AzureImage(azure().build()).gallery(image.variables())).isEmpty();
    }

    @Test
    void galleryVersionsRiseWithTimeAndStayWithinAzuresLimits() {
        assertThat(AzureGallery.version(Instant.parse("2026-01-02T00:00:00Z"))).isEqualTo("2026.102.0");
        assertThat(AzureGallery.version(Instant.parse("2099-12-31T23:59:59Z"))).isEqualTo("2099.1231.235959");
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        String previous = AzureGallery.version(time);
        for (int step = 0; step < 400; step++) {
            time = time.plusSeconds(86_399 + step);
            String next = AzureGallery.version(time);
            assertThat(compare(next, previous)).as(previous + " then " + next).isPositive();
            previous = next;
        }
    }

    private static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < 3; i++) {
            int order = Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]));
            assertThat(Long.parseLong(a[i])).isLessThanOrEqualTo(Integer.MAX_VALUE);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    @Test
    void azureBuildResourceGroupReplacesTheLocation() throws IOException {
        AzureImage cloud = new AzureImage(azure().with(AzureSettings::location, null)
                .with(AzureSettings::buildResourceGroup, "packer-build")
                .with(AzureSettings::gallery, new AzureGallery("g", "rg", "def", List.of("westeurope"))).build());
        JsonNode builder = resolvedBuilder(render(cloud, "1.6.6"));

        assertThat(builder.get("build_resource_group_name").asText()).isEqualTo("packer-build");
        assertThat(builder.has("location")).isFalse();
        assertThat(builder.get("shared_image_gallery_destination").get("replication_regions"))
                .extracting(JsonNode::asText).containsExactly("westeurope");
    }

    @Test
    void badAzureValuesEachNameTheirElement() {
        assertThat(new AzureImage(azure()
                .with(AzureSettings::buildResourceGroup, "packer-build").build()).problems()).singleElement()
                .asString().startsWith("<azure><location> (arvados.azure.location) and <azure><buildResourceGroup>"
                        + " (arvados.azure.buildResourceGroup) exclude each other");
        assertThat(new AzureImage(azure()
                .with(AzureSettings::location, null).build()).problems()).singleElement().asString()
                .startsWith("<azure><location> (arvados.azure.location) is required").contains("<azure><buildResourceGroup>");
        assertThat(new AzureImage(azure().with(AzureSettings::location, null)
                .with(AzureSettings::buildResourceGroup, "bad group!").build()).problems())
                .singleElement().asString().startsWith("<azure><buildResourceGroup> (arvados.azure.buildResourceGroup) is not valid");
        assertThat(new AzureImage(azure()
                .with(AzureSettings::gallery, new AzureGallery(null, null, null, List.of("East US"))).build())
                .problems()).containsExactlyInAnyOrder(
                "<azure><gallery><name> (arvados.azure.gallery.name) is required: the Azure Compute Gallery the image"
                        + " version goes to",
                "<azure><gallery><resourceGroup> (arvados.azure.gallery.resourceGroup) is required: the gallery's"
                        + " resource group",
                "<azure><gallery><imageDefinition> (arvados.azure.gallery.imageDefinition) is required: the gallery's"
                        + " image definition (create it first)",
                "<azure><gallery><replicationRegions> (arvados.azure.gallery.replicationRegions) has an entry that is"
                        + " not a location name; use names like eastus or westeurope");
        assertThat(new AzureImage(azure()
                .with(AzureSettings::gallery, new AzureGallery(".g", "rg", "-def", List.of())).build()).problems())
                .anyMatch(problem -> problem.startsWith("<azure><gallery><name> (arvados.azure.gallery.name) is not valid"))
                .anyMatch(problem -> problem.startsWith("<azure><gallery><imageDefinition>"
                        + " (arvados.azure.gallery.imageDefinition) is not valid"))
                .hasSize(2);
        assertThat(new AzureImage(azure().with(AzureSettings::location, null)
                .with(AzureSettings::buildResourceGroup, "packer-build")
                .with(AzureSettings::gallery, new AzureGallery("g", "rg", "def", List.of())).build()).problems()).singleElement().asString()
                .startsWith("<azure><gallery><replicationRegions> (arvados.azure.gallery.replicationRegions) is required"
                        + " with <azure><buildResourceGroup>");
        assertThat(new AzureImage(azure()
                .with(AzureSettings::pluginVersion, "2").build()).problems()).singleElement().asString()
                .startsWith("<azure><pluginVersion> (arvados.azure.pluginVersion) is not valid");
        assertThat(new GcpImage(gcp()
                .with(GcpSettings::pluginVersion, "0.9.0").build()).problems()).singleElement().asString()
                .startsWith("<gcp><pluginVersion> (arvados.gcp.pluginVersion) is 0.9.0: use 1.0.0 or later");
    }

    @Test
    void unknownPackerIsTakenAsTheNewest() {
        assertThat(new PackerRelease(null).atLeast(1, 10)).isTrue();
        assertThat(new PackerRelease("unknown").known()).isFalse();
        assertThat(new PackerRelease("1.9.4").externalPlugins()).isFalse();
        assertThat(new PackerRelease("1.10.0").externalPlugins()).isTrue();
        assertThat(new PackerRelease("2.0.0-dev").atLeast(1, 11)).isTrue();
    }
}
