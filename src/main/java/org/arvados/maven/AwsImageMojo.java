package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.AwsImage;
import org.arvados.maven.image.CloudImage;

import javax.inject.Inject;

/**
 * Builds the cluster's compute image on AWS (an AMI, with packer's amazon-ebs builder): renders the
 * template and provisioning scripts, runs {@code packer validate} and {@code packer build}, and records
 * the AMI in {@code <outputDirectory>/aws-image.json} and the ledger.
 *
 * <p>Default phase: {@code package}. Every setting is checked before anything is written; an image built from
 * the same inputs as the ledger's latest is not rebuilt ({@code -Darvados.force=true} rebuilds), and
 * {@code -Darvados.dryRun=true} renders and validates only. Credentials never go in the POM: an {@code ~/.aws/config} profile, a secrets file of {@code export AWS_...=} lines, or a settings.xml server. Example:</p>
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;org.arvados.maven&lt;/groupId&gt;
 *   &lt;artifactId&gt;arvados-maven-plugin&lt;/artifactId&gt;
 *   &lt;configuration&gt;
 *     &lt;clusterId&gt;zzzzz&lt;/clusterId&gt;
 *     &lt;publicKeyFile&gt;${project.basedir}/keys/id_dispatcher.pub&lt;/publicKeyFile&gt;
 *     &lt;aws&gt;
 *       &lt;sourceAmi&gt;ami-0e5ff24f7a2a5f1b7&lt;/sourceAmi&gt;
 *       &lt;region&gt;us-east-1&lt;/region&gt;
 *       &lt;profile&gt;images&lt;/profile&gt;
 *     &lt;/aws&gt;
 *   &lt;/configuration&gt;
 *   &lt;executions&gt;
 *     &lt;execution&gt;&lt;goals&gt;&lt;goal&gt;aws-image&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;
 *   &lt;/executions&gt;
 * &lt;/plugin&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "aws-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class AwsImageMojo extends AbstractImageMojo {
    /**
     * AWS settings, each also a property {@code arvados.aws.<name>} (the command line wins):
     * profile (~/.aws/config profile), secretsFile ({@code export AWS_ACCESS_KEY_ID=...} lines, parsed,
     * never sourced), serverId (settings.xml server: username = access key ID, password = secret key),
     * sourceAmi (required, ami-...), region [us-east-1], vpcId, subnetId, associatePublicIp [true],
     * enaSupport [true], instanceType [m5.large], volumeSize [20], amiRegions (regions to copy the AMI to),
     * ebsAutoscale [false], ebsAutoscaleConfig (mountpoint [/tmp], filesystem [lvm.ext4], volumeGroup
     * [autoscale_vg], logicalVolume [autoscale_lv], volumeType [gp3], iops [3000], throughput [125], encrypted
     * [true], detectionInterval [2], minEbsVolumeSize [150], maxEbsVolumeSize [1500], maxLogicalVolumeSize [8000],
     * maxEbsVolumeCount [16], initialUtilizationThreshold [50], logFile [/var/log/ebs-autoscale.log], logInterval
     * [300]), iamInstanceProfile (the workers'),
     * encryptBoot [false], kmsKeyId, sshInterface (public_ip | private_ip | public_dns | private_dns),
     * buildIamInstanceProfile and buildSecurityGroupIds (the build VM's), tags (key = element name; as a
     * property key=value,...), pluginVersion [1.3.10] (github.com/hashicorp/amazon for packer 1.10+), endpoint
     * (the http or https URL of an EC2-compatible API instead of AWS' own).
     * @since 0.1.0
     */
    @Parameter
    private AwsParameters aws = new AwsParameters();

    @Inject
    public AwsImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String cloudName() {
        return Cloud.AWS.id();
    }

    @Override
    protected CloudImage cloudImage(PropertyOverrides properties) {
        return new AwsImage(aws.toSettings(properties, this::path));
    }

    @Override
    protected String serverId(PropertyOverrides properties) {
        return aws.serverId(properties);
    }
}
