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
     * AWS settings. Credentials come from at most one of profile, secretsFile and serverId.
     * Each is also a property, which wins over the POM:
     * <table>
     * <caption>&lt;aws&gt;</caption>
     * <tr><th>element</th><th>type</th><th>default</th><th>required</th><th>property</th><th>what</th></tr>
     * <tr><td>profile</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.profile</td><td>profile in ~/.aws/config, passed to packer as AWS_PROFILE</td></tr>
     * <tr><td>secretsFile</td><td>file</td><td>-</td><td>no</td><td>arvados.aws.secretsFile</td><td>file exporting AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]</td></tr>
     * <tr><td>serverId</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.serverId</td><td>settings.xml server: username = access key ID, password = secret key</td></tr>
     * <tr><td>sourceAmi</td><td>text</td><td>-</td><td>yes</td><td>arvados.aws.sourceAmi</td><td>base AMI, ami- then 8 or 17 hex digits</td></tr>
     * <tr><td>region</td><td>text</td><td>us-east-1</td><td>no</td><td>arvados.aws.region</td><td>build region</td></tr>
     * <tr><td>vpcId</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.vpcId</td><td>VPC of the build VM (vpc-...)</td></tr>
     * <tr><td>subnetId</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.subnetId</td><td>subnet of the build VM (subnet-...)</td></tr>
     * <tr><td>associatePublicIp</td><td>true or false</td><td>true</td><td>no</td><td>arvados.aws.associatePublicIp</td><td>public IP on the build VM</td></tr>
     * <tr><td>enaSupport</td><td>true or false</td><td>true</td><td>no</td><td>arvados.aws.enaSupport</td><td>ENA networking flag on the AMI</td></tr>
     * <tr><td>instanceType</td><td>text</td><td>m5.large</td><td>no</td><td>arvados.aws.instanceType</td><td>build VM type</td></tr>
     * <tr><td>volumeSize</td><td>number</td><td>20</td><td>no</td><td>arvados.aws.volumeSize</td><td>root volume GiB (at least 8)</td></tr>
     * <tr><td>amiRegions</td><td>list</td><td>-</td><td>no</td><td>arvados.aws.amiRegions</td><td>regions the AMI is copied to</td></tr>
     * <tr><td>ebsAutoscale</td><td>true or false</td><td>false</td><td>no</td><td>arvados.aws.ebsAutoscale</td><td>install the EBS autoscaler on /tmp</td></tr>
     * <tr><td>ebsAutoscaleConfig.mountpoint</td><td>text</td><td>/tmp</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.mountpoint</td><td>where the autoscaled volume is mounted</td></tr>
     * <tr><td>ebsAutoscaleConfig.filesystem</td><td>text</td><td>lvm.ext4</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.filesystem</td><td>lvm.ext4 or btrfs</td></tr>
     * <tr><td>ebsAutoscaleConfig.volumeGroup</td><td>text</td><td>autoscale_vg</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.volumeGroup</td><td>LVM volume group</td></tr>
     * <tr><td>ebsAutoscaleConfig.logicalVolume</td><td>text</td><td>autoscale_lv</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.logicalVolume</td><td>LVM logical volume</td></tr>
     * <tr><td>ebsAutoscaleConfig.volumeType</td><td>text</td><td>gp3</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.volumeType</td><td>EBS volume type</td></tr>
     * <tr><td>ebsAutoscaleConfig.iops</td><td>number</td><td>3000</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.iops</td><td>provisioned IOPS of each volume (io1, io2, gp3)</td></tr>
     * <tr><td>ebsAutoscaleConfig.throughput</td><td>number</td><td>125</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.throughput</td><td>MiB/s of each gp3 volume</td></tr>
     * <tr><td>ebsAutoscaleConfig.encrypted</td><td>true or false</td><td>true</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.encrypted</td><td>encrypt the EBS volumes</td></tr>
     * <tr><td>ebsAutoscaleConfig.detectionInterval</td><td>number</td><td>2</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.detectionInterval</td><td>seconds between free-space checks</td></tr>
     * <tr><td>ebsAutoscaleConfig.minEbsVolumeSize</td><td>number</td><td>150</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.minEbsVolumeSize</td><td>GiB of a volume the daemon adds (the first one, made at boot, is 200)</td></tr>
     * <tr><td>ebsAutoscaleConfig.maxEbsVolumeSize</td><td>number</td><td>1500</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.maxEbsVolumeSize</td><td>GiB per EBS volume</td></tr>
     * <tr><td>ebsAutoscaleConfig.maxLogicalVolumeSize</td><td>number</td><td>8000</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.maxLogicalVolumeSize</td><td>GiB of the whole logical volume</td></tr>
     * <tr><td>ebsAutoscaleConfig.maxEbsVolumeCount</td><td>number</td><td>16</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.maxEbsVolumeCount</td><td>volumes attached at most</td></tr>
     * <tr><td>ebsAutoscaleConfig.initialUtilizationThreshold</td><td>number</td><td>50</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.initialUtilizationThreshold</td><td>percent of /tmp used at which the daemon adds a volume (higher once there are 4 or more)</td></tr>
     * <tr><td>ebsAutoscaleConfig.logFile</td><td>text</td><td>/var/log/ebs-autoscale.log</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.logFile</td><td>the autoscaler's log on the worker</td></tr>
     * <tr><td>ebsAutoscaleConfig.logInterval</td><td>number</td><td>300</td><td>no</td><td>arvados.aws.ebsAutoscaleConfig.logInterval</td><td>seconds between status log lines</td></tr>
     * <tr><td>iamInstanceProfile</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.iamInstanceProfile</td><td>role for the workers (config.yml DriverParameters.IAMInstanceProfile; the EBS autoscaler needs it); not used by the image build itself</td></tr>
     * <tr><td>encryptBoot</td><td>true or false</td><td>false</td><td>no</td><td>arvados.aws.encryptBoot</td><td>encrypt the AMI's volumes (packer encrypt_boot)</td></tr>
     * <tr><td>kmsKeyId</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.kmsKeyId</td><td>KMS key ID, ARN or alias/&lt;name&gt; for encryptBoot (needs encryptBoot; packer kms_key_id); unset: the account's default EBS key</td></tr>
     * <tr><td>sshInterface</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.sshInterface</td><td>how packer reaches the build VM: public_ip, private_ip, public_dns or private_dns; unset: packer's choice, the public IP when there is one. Without a public IP: private_ip with associatePublicIp false</td></tr>
     * <tr><td>buildIamInstanceProfile</td><td>text</td><td>-</td><td>no</td><td>arvados.aws.buildIamInstanceProfile</td><td>instance profile of the build VM only (packer iam_instance_profile)</td></tr>
     * <tr><td>buildSecurityGroupIds</td><td>list</td><td>-</td><td>no</td><td>arvados.aws.buildSecurityGroupIds</td><td>security groups of the build VM (sg-...) instead of a temporary one</td></tr>
     * <tr><td>tags</td><td>map</td><td>-</td><td>no</td><td>arvados.aws.tags</td><td>extra tags of the AMI, its snapshots and the build VM: &lt;tags&gt;&lt;team&gt;ops&lt;/team&gt;&lt;/tags&gt;, as a property team=ops,cost=42; a key the plugin sets itself (Name, arvados_cluster, creation_time, arvados_inputs_hash) is an error</td></tr>
     * <tr><td>pluginVersion</td><td>text</td><td>1.3.10</td><td>no</td><td>arvados.aws.pluginVersion</td><td>github.com/hashicorp/amazon for packer 1.10+ (at least 1.2.2)</td></tr>
     * <tr><td>endpoint</td><td>URL</td><td>-</td><td>no</td><td>arvados.aws.endpoint</td><td>the EC2 API's URL (http or https) of an EC2-compatible cloud instead of AWS' own (packer custom_endpoint_ec2); prune-images calls it too</td></tr>
     * </table>
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
