package org.arvados.maven;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.AwsSettings;
import org.arvados.maven.image.EbsAutoscaleConfig;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code <aws>} element of the POM. Every field can also be set with {@code -Darvados.aws.<field>}
 * (which wins over the POM); defaults are {@link AwsSettings}'.
 */
public class AwsParameters {
    private String profile;
    private String secretsFile;
    private String serverId;
    private String sourceAmi;
    private String region;
    private String vpcId;
    private String subnetId;
    private Boolean associatePublicIp;
    private Boolean enaSupport;
    private String instanceType;
    private Integer volumeSize;
    private List<String> amiRegions;
    private Boolean ebsAutoscale;
    private EbsAutoscaleParameters ebsAutoscaleConfig;
    private String iamInstanceProfile;
    private Boolean encryptBoot;
    private String kmsKeyId;
    private String sshInterface;
    private String buildIamInstanceProfile;
    private List<String> buildSecurityGroupIds;
    private Map<String, String> tags;
    private String pluginVersion;
    private String endpoint;

    AwsSettings toSettings(PropertyOverrides p, Function<String, java.nio.file.Path> path) {
        String prefix = Cloud.AWS.property() + ".";
        EbsAutoscaleParameters ebs = ebsAutoscaleConfig == null ? new EbsAutoscaleParameters() : ebsAutoscaleConfig;
        return new AwsSettings(
                p.string(prefix + "profile", profile),
                path.apply(p.string(prefix + "secretsFile", secretsFile)),
                serverId(p),
                p.string(prefix + "sourceAmi", sourceAmi),
                p.string(prefix + "region", region),
                p.string(prefix + "vpcId", vpcId),
                p.string(prefix + "subnetId", subnetId),
                p.bool(prefix + "associatePublicIp", associatePublicIp),
                p.bool(prefix + "enaSupport", enaSupport),
                p.string(prefix + "instanceType", instanceType),
                p.integer(prefix + "volumeSize", volumeSize),
                p.list(prefix + "amiRegions", amiRegions),
                p.bool(prefix + "ebsAutoscale", ebsAutoscale),
                ebs.toConfig(p, prefix + "ebsAutoscaleConfig."),
                p.string(prefix + "iamInstanceProfile", iamInstanceProfile),
                p.bool(prefix + "encryptBoot", encryptBoot),
                p.string(prefix + "kmsKeyId", kmsKeyId),
                p.string(prefix + "sshInterface", sshInterface),
                p.string(prefix + "buildIamInstanceProfile", buildIamInstanceProfile),
                p.list(prefix + "buildSecurityGroupIds", buildSecurityGroupIds),
                p.map(prefix + "tags", tags),
                p.string(prefix + "pluginVersion", pluginVersion),
                p.parse(() -> AwsSettings.parseEndpoint(p.string(prefix + "endpoint", endpoint)), null));
    }

    String serverId(PropertyOverrides p) {
        return p.string(Cloud.AWS.property("serverId"), serverId);
    }

    /** {@code <aws><ebsAutoscaleConfig>}: every field of the EBS autoscaler's config. */
    public static class EbsAutoscaleParameters {
        private String mountpoint;
        private String filesystem;
        private String volumeGroup;
        private String logicalVolume;
        private String volumeType;
        private Integer iops;
        private Integer throughput;
        private Boolean encrypted;
        private Integer detectionInterval;
        private Integer minEbsVolumeSize;
        private Integer maxEbsVolumeSize;
        private Integer maxLogicalVolumeSize;
        private Integer maxEbsVolumeCount;
        private Integer initialUtilizationThreshold;
        private String logFile;
        private Integer logInterval;

        EbsAutoscaleConfig toConfig(PropertyOverrides p, String prefix) {
            return new EbsAutoscaleConfig(
                    p.string(prefix + "mountpoint", mountpoint),
                    p.string(prefix + "filesystem", filesystem),
                    p.string(prefix + "volumeGroup", volumeGroup),
                    p.string(prefix + "logicalVolume", logicalVolume),
                    p.string(prefix + "volumeType", volumeType),
                    p.integer(prefix + "iops", iops),
                    p.integer(prefix + "throughput", throughput),
                    p.bool(prefix + "encrypted", encrypted),
                    p.integer(prefix + "detectionInterval", detectionInterval),
                    p.integer(prefix + "minEbsVolumeSize", minEbsVolumeSize),
                    p.integer(prefix + "maxEbsVolumeSize", maxEbsVolumeSize),
                    p.integer(prefix + "maxLogicalVolumeSize", maxLogicalVolumeSize),
                    p.integer(prefix + "maxEbsVolumeCount", maxEbsVolumeCount),
                    p.integer(prefix + "initialUtilizationThreshold", initialUtilizationThreshold),
                    p.string(prefix + "logFile", logFile),
                    p.integer(prefix + "logInterval", logInterval));
        }
    }
}
