package org.arvados.maven.image;

import org.arvados.maven.packer.PackerPlugin;

import org.arvados.maven.common.InvalidInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS settings ({@code <aws>} in the POM, properties {@code arvados.aws.*}). Null arguments take the
 * defaults shown in brackets.
 *
 * @param profile            profile in ~/.aws/config, passed to packer as AWS_PROFILE
 * @param secretsFile        file exporting AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]
 * @param serverId           settings.xml server: username = access key ID, password = secret key
 * @param sourceAmi          base AMI (required), ami- then 8 or 17 hex digits
 * @param region             [us-east-1] build region
 * @param vpcId              VPC of the build VM (vpc-...)
 * @param subnetId           subnet of the build VM (subnet-...)
 * @param associatePublicIp  [true] public IP on the build VM
 * @param enaSupport         [true] ENA networking flag on the AMI
 * @param instanceType       [m5.large] build VM type
 * @param volumeSize         [20] root volume GiB (at least 8)
 * @param amiRegions         regions the AMI is copied to
 * @param ebsAutoscale       [false] install the EBS autoscaler on /tmp
 * @param ebsAutoscaleConfig [defaults] the autoscaler's config
 * @param iamInstanceProfile role for the workers (config.yml DriverParameters.IAMInstanceProfile; the
 *                           EBS autoscaler needs it); not used by the image build itself
 * @param encryptBoot        [false] encrypt the AMI's volumes (packer encrypt_boot)
 * @param kmsKeyId           KMS key for encryptBoot (ID, ARN or alias); unset: the account's default EBS key
 * @param sshInterface       how packer reaches the build VM: public_ip | private_ip | public_dns | private_dns
 *                           [packer's choice: the public IP when there is one]
 * @param buildIamInstanceProfile instance profile of the build VM only (packer iam_instance_profile)
 * @param buildSecurityGroupIds   security groups of the build VM (sg-...) instead of a temporary one
 * @param tags               extra tags of the AMI, its snapshots and the build VM; a key the plugin sets
 *                           itself (Name, arvados_cluster, creation_time, arvados_inputs_hash) is an error
 * @param pluginVersion      [{@value #DEFAULT_PLUGIN_VERSION}] github.com/hashicorp/amazon for packer 1.10+
 * @param endpoint           a custom EC2 endpoint (a VPC endpoint, another partition, a stand-in); null: the region's
 */
public record AwsSettings(
        String profile,
        Path secretsFile,
        String serverId,
        String sourceAmi,
        String region,
        String vpcId,
        String subnetId,
        Boolean associatePublicIp,
        Boolean enaSupport,
        String instanceType,
        Integer volumeSize,
        List<String> amiRegions,
        Boolean ebsAutoscale,
        EbsAutoscaleConfig ebsAutoscaleConfig,
        String iamInstanceProfile,
        Boolean encryptBoot,
        String kmsKeyId,
        String sshInterface,
        String buildIamInstanceProfile,
        List<String> buildSecurityGroupIds,
        Map<String, String> tags,
        String pluginVersion,
        URI endpoint) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_INSTANCE_TYPE = "m5.large";
    public static final int DEFAULT_VOLUME_SIZE = 20;
    /** The amazon plugin release a build with packer 1.10+ uses unless pinned otherwise (1.2.2+ has imds_support). */
    public static final String DEFAULT_PLUGIN_VERSION = "1.3.10";

    public AwsSettings {
        profile = blankToNull(profile);
        serverId = blankToNull(serverId);
        sourceAmi = blankToNull(sourceAmi);
        region = ImageSpec.orDefault(region, DEFAULT_REGION);
        vpcId = blankToNull(vpcId);
        subnetId = blankToNull(subnetId);
        associatePublicIp = associatePublicIp == null || associatePublicIp;
        enaSupport = enaSupport == null || enaSupport;
        instanceType = ImageSpec.orDefault(instanceType, DEFAULT_INSTANCE_TYPE);
        volumeSize = volumeSize == null ? DEFAULT_VOLUME_SIZE : volumeSize;
        // Sorted and unique: packer sorts the copies too, and the order must not change the inputs hash.
        amiRegions = amiRegions == null ? List.of()
                : amiRegions.stream().filter(Checks::present).map(String::trim).distinct().sorted().toList();
        ebsAutoscale = ebsAutoscale != null && ebsAutoscale;
        ebsAutoscaleConfig = ebsAutoscaleConfig == null ? EbsAutoscaleConfig.defaults() : ebsAutoscaleConfig;
        iamInstanceProfile = blankToNull(iamInstanceProfile);
        encryptBoot = encryptBoot != null && encryptBoot;
        kmsKeyId = blankToNull(kmsKeyId);
        sshInterface = blankToNull(sshInterface);
        buildIamInstanceProfile = blankToNull(buildIamInstanceProfile);
        buildSecurityGroupIds = buildSecurityGroupIds == null ? List.of()
                : buildSecurityGroupIds.stream().filter(Checks::present).map(String::trim).distinct().sorted().toList();
        // Sorted: the tags' order must not change the template or the inputs hash.
        TreeMap<String, String> sortedTags = new TreeMap<>();
        if (tags != null) {
            tags.forEach((key, value) -> sortedTags.put(key == null ? "" : key.trim(), value == null ? "" : value));
        }
        tags = Collections.unmodifiableSortedMap(sortedTags);
        pluginVersion = PackerPlugin.normalise(pluginVersion, DEFAULT_PLUGIN_VERSION);
    }

    /** {@code <aws><endpoint>}: an http or https URL with a host, or null for none. */
    public static URI parseEndpoint(String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidInputException("<aws><endpoint> (arvados.aws.endpoint) is '" + text + "': use an http or"
                + " https URL with a host, e.g. https://ec2.us-east-1.amazonaws.com, or leave it unset.");
    }

    static String blankToNull(String value) {
        return Checks.present(value) ? value.trim() : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().profile(profile).secretsFile(secretsFile).serverId(serverId).sourceAmi(sourceAmi)
                .region(region).vpcId(vpcId).subnetId(subnetId).associatePublicIp(associatePublicIp)
                .enaSupport(enaSupport).instanceType(instanceType).volumeSize(volumeSize).amiRegions(amiRegions)
                .ebsAutoscale(ebsAutoscale).ebsAutoscaleConfig(ebsAutoscaleConfig)
                .iamInstanceProfile(iamInstanceProfile).encryptBoot(encryptBoot).kmsKeyId(kmsKeyId)
                .sshInterface(sshInterface).buildIamInstanceProfile(buildIamInstanceProfile)
                .buildSecurityGroupIds(buildSecurityGroupIds).tags(tags).pluginVersion(pluginVersion).endpoint(endpoint);
    }

    /** Fills {@link AwsSettings} one setting at a time. */
    public static final class Builder {
        private String profile;
        private Path secretsFile;
        private String serverId;
        private String sourceAmi;
        private String region;
        private String vpcId;
        private String subnetId;
        private Boolean associatePublicIp;
        private Boolean enaSupport;
        private String instanceType;
        private Integer volumeSize;
        private List<String> amiRegions = new ArrayList<>();
        private Boolean ebsAutoscale;
        private EbsAutoscaleConfig ebsAutoscaleConfig;
        private String iamInstanceProfile;
        private Boolean encryptBoot;
        private String kmsKeyId;
        private String sshInterface;
        private String buildIamInstanceProfile;
        private List<String> buildSecurityGroupIds;
        private Map<String, String> tags;
        private String pluginVersion;
        private URI endpoint;

        public Builder profile(String v) { profile = v; return this; }
        public Builder secretsFile(Path v) { secretsFile = v; return this; }
        public Builder serverId(String v) { serverId = v; return this; }
        public Builder sourceAmi(String v) { sourceAmi = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder vpcId(String v) { vpcId = v; return this; }
        public Builder subnetId(String v) { subnetId = v; return this; }
        public Builder associatePublicIp(Boolean v) { associatePublicIp = v; return this; }
        public Builder enaSupport(Boolean v) { enaSupport = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder volumeSize(Integer v) { volumeSize = v; return this; }
        public Builder amiRegions(List<String> v) { amiRegions = v == null ? new ArrayList<>() : new ArrayList<>(v); return this; }
        public Builder ebsAutoscale(Boolean v) { ebsAutoscale = v; return this; }
        public Builder ebsAutoscaleConfig(EbsAutoscaleConfig v) { ebsAutoscaleConfig = v; return this; }
        public Builder iamInstanceProfile(String v) { iamInstanceProfile = v; return this; }
        public Builder encryptBoot(Boolean v) { encryptBoot = v; return this; }
        public Builder kmsKeyId(String v) { kmsKeyId = v; return this; }
        public Builder sshInterface(String v) { sshInterface = v; return this; }
        public Builder buildIamInstanceProfile(String v) { buildIamInstanceProfile = v; return this; }
        public Builder buildSecurityGroupIds(List<String> v) { buildSecurityGroupIds = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v; return this; }
        public Builder pluginVersion(String v) { pluginVersion = v; return this; }
        public Builder endpoint(URI v) { endpoint = v; return this; }

        public AwsSettings build() {
            return new AwsSettings(profile, secretsFile, serverId, sourceAmi, region, vpcId, subnetId,
                    associatePublicIp, enaSupport, instanceType, volumeSize, amiRegions, ebsAutoscale,
                    ebsAutoscaleConfig, iamInstanceProfile, encryptBoot, kmsKeyId, sshInterface,
                    buildIamInstanceProfile, buildSecurityGroupIds, tags, pluginVersion, endpoint);
        }
    }
}
