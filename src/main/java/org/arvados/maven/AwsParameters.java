package org.arvados.maven;

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
        String prefix = "arvados.aws.";
        EbsAutoscaleParameters ebs = ebsAutoscaleConfig == null ? new EbsAutoscaleParameters() : ebsAutoscaleConfig;
        return AwsSettings.builder()
                .profile(p.string(prefix + "profile", profile))
                .secretsFile(path.apply(p.string(prefix + "secretsFile", secretsFile)))
                .serverId(serverId(p))
                .sourceAmi(p.string(prefix + "sourceAmi", sourceAmi))
                .region(p.string(prefix + "region", region))
                .vpcId(p.string(prefix + "vpcId", vpcId))
                .subnetId(p.string(prefix + "subnetId", subnetId))
                .associatePublicIp(p.bool(prefix + "associatePublicIp", associatePublicIp))
                .enaSupport(p.bool(prefix + "enaSupport", enaSupport))
                .instanceType(p.string(prefix + "instanceType", instanceType))
                .volumeSize(p.integer(prefix + "volumeSize", volumeSize))
                .amiRegions(p.list(prefix + "amiRegions", amiRegions))
                .ebsAutoscale(p.bool(prefix + "ebsAutoscale", ebsAutoscale))
                .ebsAutoscaleConfig(ebs.toConfig(p, prefix + "ebsAutoscaleConfig."))
                .iamInstanceProfile(p.string(prefix + "iamInstanceProfile", iamInstanceProfile))
                .encryptBoot(p.bool(prefix + "encryptBoot", encryptBoot))
                .kmsKeyId(p.string(prefix + "kmsKeyId", kmsKeyId))
                .sshInterface(p.string(prefix + "sshInterface", sshInterface))
                .buildIamInstanceProfile(p.string(prefix + "buildIamInstanceProfile", buildIamInstanceProfile))
                .buildSecurityGroupIds(p.list(prefix + "buildSecurityGroupIds", buildSecurityGroupIds))
                .tags(p.map(prefix + "tags", tags))
                .pluginVersion(p.string(prefix + "pluginVersion", pluginVersion))
                .endpoint(AwsSettings.parseEndpoint(p.string(prefix + "endpoint", endpoint)))
                .build();
    }

    String serverId(PropertyOverrides p) {
        return p.string("arvados.aws.serverId", serverId);
    }

    /** {@code <aws><ebsAutoscaleConfig>}: every field of the EBS autoscaler's config. */
    public static class EbsAutoscaleParameters {
        private String mountpoint;
        private String filesystem;
        private String volumeGroup;
        private String logicalVolume;
        private String volumeType;
        private Integer iops;
        private Boolean encrypted;
        private Integer detectionInterval;
        private Integer maxEbsVolumeSize;
        private Integer maxLogicalVolumeSize;
        private Integer maxEbsVolumeCount;
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
                    p.bool(prefix + "encrypted", encrypted),
                    p.integer(prefix + "detectionInterval", detectionInterval),
                    p.integer(prefix + "maxEbsVolumeSize", maxEbsVolumeSize),
                    p.integer(prefix + "maxLogicalVolumeSize", maxLogicalVolumeSize),
                    p.integer(prefix + "maxEbsVolumeCount", maxEbsVolumeCount),
                    p.string(prefix + "logFile", logFile),
                    p.integer(prefix + "logInterval", logInterval));
        }
    }
}
