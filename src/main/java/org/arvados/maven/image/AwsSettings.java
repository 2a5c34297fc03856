package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.packer.PackerPlugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.arvados.maven.common.Setting.blankToNull;
import static org.arvados.maven.common.Setting.orDefault;

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
 * @param endpoint           the EC2 API's URL (http or https) for an EC2-compatible cloud, or null for AWS' own
 *                           (packer custom_endpoint_ec2); {@link #parseEndpoint} reads the parameter
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
        region = orDefault(region, DEFAULT_REGION);
        vpcId = blankToNull(vpcId);
        subnetId = blankToNull(subnetId);
        associatePublicIp = associatePublicIp == null || associatePublicIp;
        enaSupport = enaSupport == null || enaSupport;
        instanceType = orDefault(instanceType, DEFAULT_INSTANCE_TYPE);
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

    /**
     * The {@code <aws><endpoint>} parameter as a URL: null when unset; an error naming the parameter unless it is an
     * absolute http or https URL with a host.
     */
    public static URI parseEndpoint(String value) {
        if (!Checks.present(value)) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && Checks.present(uri.getHost())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Said below, with the parameter's name.
        }
        throw new InvalidInputException(Cloud.AWS.setting("endpoint") + " is '" + value + "': give the http or https"
                + " URL of an EC2-compatible API, e.g. https://ec2.example.com");
    }
}
