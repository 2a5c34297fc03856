package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Identifiers;
import org.arvados.maven.common.Problems;
import org.arvados.maven.packer.PackerPlugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.arvados.maven.image.PackerJson.user;

/** An AMI built with amazon-ebs, as Arvados' aws template did, plus AMI copies and the EBS autoscaler. */
public final class AwsImage implements CloudImage {
    public static final String IAM_POLICY_FILE = "aws-ebs-autoscale-iam-policy.json";
    /** What the autoscaler does with EBS: the role in iamInstanceProfile needs these. */
    static final List<String> IAM_ACTIONS = List.of("ec2:AttachVolume", "ec2:CreateTags", "ec2:CreateVolume",
            "ec2:DeleteVolume", "ec2:DescribeTags", "ec2:DescribeVolumeAttribute", "ec2:DescribeVolumeStatus",
            "ec2:DescribeVolumes", "ec2:ModifyInstanceAttribute");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern VPC = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SUBNET = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.@+=,-]+");
    private static final Pattern IAM_NAME = Pattern.compile("[A-Za-z0-9_+=,.@/-]{1,128}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern KMS_KEY = Pattern.compile("([0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}|mrk-[0-9a-f]{32}"
            + "|alias/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]{1,64}|alias/[A-Za-z0-9/_-]{1,250}))");
    private static final List<String> SSH_INTERFACES = List.of("public_ip", "private_ip", "public_dns", "private_dns");
    /** Tags the plugin sets on the AMI and snapshots (and the first two on the build VM); a user tag may not replace them. */
    static final List<String> OWN_TAGS = List.of("Name", "arvados_cluster", "creation_time", "arvados_inputs_hash");
    /** The first amazon plugin release whose amazon-ebs builder knows imds_support. */
    static final String MIN_PLUGIN_VERSION = "1.2.2";
    /** gp3's baseline; packer requires throughput with gp3. */
    private static final int GP3_THROUGHPUT = 125;
    /** Where the instance store's ephemeral0 and ephemeral1 appear, as Arvados' own AWS template maps them. */
    private static final List<String> INSTANCE_STORE_DEVICES = List.of("/dev/xvdb", "/dev/xvdc");
    private static final int GP3_IOPS = 3000;


    private final AwsSettings settings;

    public AwsImage(AwsSettings settings) {
        this.settings = settings;
    }

    public AwsSettings settings() {
        return settings;
    }

    @Override public Cloud cloud() { return Cloud.AWS; }

    /** Debian's AMIs log in as admin. */
    @Override public String defaultSshUser() { return "admin"; }

    @Override
    public PackerPlugin plugin() {
        return new PackerPlugin("github.com/hashicorp/amazon", settings.pluginVersion());
    }

    @Override
    public String credentialSources() {
        return "<aws><profile>, <aws><secretsFile> or <aws><serverId> (else the AWS SDK's own environment"
                + " variables or instance role)";
    }

    @Override public String region() { return settings.region(); }

    @Override
    public List<String> problems() {
        Problems problems = new Problems();
        String ami = Cloud.AWS.setting("sourceAmi");
        Checks.required(problems, ami, settings.sourceAmi(), "the base AMI, e.g. a Debian 12 AMI of the build region");
        Checks.matches(problems, ami, settings.sourceAmi(), Identifiers.AMI, "an AMI ID is ami- then 8 or 17 lowercase hex digits");
        Checks.matches(problems, Cloud.AWS.setting("region"), settings.region(), REGION,
                "a region name like us-east-1 or eu-west-2");
        for (String copy : settings.amiRegions()) {
            problems.check(REGION.matcher(copy).matches(), Cloud.AWS.setting("amiRegions")
                    + " has an entry that is not a region name; use names like eu-west-1");
        }
        Checks.matches(problems, Cloud.AWS.setting("vpcId"), settings.vpcId(), VPC,
                "vpc- then 8 or 17 lowercase hex digits");
        Checks.matches(problems, Cloud.AWS.setting("subnetId"), settings.subnetId(), SUBNET,
                "subnet- then 8 or 17 lowercase hex digits");
        Checks.matches(problems, Cloud.AWS.setting("instanceType"), settings.instanceType(), INSTANCE_TYPE,
                "an EC2 instance type like m5.large");
        Checks.positive(problems, Cloud.AWS.setting("volumeSize"), settings.volumeSize(), 8);
        Checks.matches(problems, Cloud.AWS.setting("profile"), settings.profile(), PROFILE,
                "a profile name from ~/.aws/config");
        Checks.matches(problems, Cloud.AWS.setting("iamInstanceProfile"), settings.iamInstanceProfile(), IAM_NAME,
                "an IAM instance profile name");
        if (settings.ebsAutoscale()) {
            settings.ebsAutoscaleConfig().addProblems(problems);
        }
        buildProblems(problems);
        tagProblems(problems);
        PackerPlugin.check(problems, Cloud.AWS.setting("pluginVersion"), settings.pluginVersion(), MIN_PLUGIN_VERSION,
                "the first amazon plugin whose amazon-ebs marks the AMI IMDSv2-only");
        return problems.list();
    }

    @Override
    public List<String> credentialSourceProblems() {
        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("profile", settings.profile());
        sources.put("secretsFile", settings.secretsFile());
        sources.put("serverId", settings.serverId());
        return Credentials.sourceProblems(Cloud.AWS, settings.secretsFile(),
                "a file exporting AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", sources);
    }

    /** The build VM's network, role and the AMI's encryption. */
    private void buildProblems(Problems problems) {
        String kms = Cloud.AWS.setting("kmsKeyId");
        Checks.matches(problems, kms, settings.kmsKeyId(), KMS_KEY,
                "a KMS key ID, key ARN, alias/<name> or alias ARN");
        problems.check(settings.kmsKeyId() == null || settings.encryptBoot(), kms + " is set but "
                + Cloud.AWS.setting("encryptBoot") + " is false: set encryptBoot to true, or drop kmsKeyId");
        String ssh = Cloud.AWS.setting("sshInterface");
        Checks.oneOf(problems, ssh, settings.sshInterface(), SSH_INTERFACES);
        problems.check(settings.associatePublicIp() || settings.sshInterface() == null
                        || settings.sshInterface().startsWith("private_"), ssh + " is " + settings.sshInterface()
                        + " but " + Cloud.AWS.setting("associatePublicIp") + " is false, so the build VM has no"
                        + " public address: use private_ip (packer must then reach the subnet), or associatePublicIp true");
        Checks.matches(problems, Cloud.AWS.setting("buildIamInstanceProfile"), settings.buildIamInstanceProfile(),
                IAM_NAME, "an IAM instance profile name");
        for (String group : settings.buildSecurityGroupIds()) {
            problems.check(SECURITY_GROUP.matcher(group).matches(), Cloud.AWS.setting("buildSecurityGroupIds")
                    + " has an entry that is not a security group ID; use sg- then 8 or 17 lowercase hex digits");
        }
    }

    /** AWS' tag limits, no packer template expression, and none of the plugin's own keys. */
    private void tagProblems(Problems problems) {
        String element = Cloud.AWS.setting("tags");
        settings.tags().forEach((key, value) -> {
            problems.check(!OWN_TAGS.contains(key), element + " sets " + key + ", a tag the plugin sets itself ("
                    + String.join(", ", OWN_TAGS) + "): use another key");
            problems.check(!key.isEmpty() && key.length() <= 128 && !key.startsWith("aws:"), element + " has a key '"
                    + key + "' AWS refuses: 1 to 128 characters, not starting with aws:");
            problems.check(value.length() <= 256, element + " " + key + " has a value longer than AWS' 256 characters");
            problems.check(plainText(key) && plainText(value), element + " " + key + " holds {{, }} or a control"
                    + " character, which packer would read as a template expression or AWS refuses: use plain text");
        });
    }

    private static boolean plainText(String text) {
        return !text.contains("{{") && !text.contains("}}") && text.chars().noneMatch(Character::isISOControl);
    }

    @Override
    public Map<String, String> variables(ImageSpec spec) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("aws_source_ami", settings.sourceAmi());
        vars.put("aws_default_region", settings.region());
        vars.put("aws_instance_type", settings.instanceType());
        vars.put("aws_volume_size", String.valueOf(settings.volumeSize()));
        vars.put("aws_associate_public_ip_address", String.valueOf(settings.associatePublicIp()));
        vars.put("aws_ena_support", String.valueOf(settings.enaSupport()));
        vars.put("aws_ebs_autoscale", String.valueOf(settings.ebsAutoscale()));
        if (settings.vpcId() != null) {
            vars.put("vpc_id", settings.vpcId());
        }
        if (settings.subnetId() != null) {
            vars.put("subnet_id", settings.subnetId());
        }
        if (settings.kmsKeyId() != null) {
            vars.put("aws_kms_key_id", settings.kmsKeyId());
        }
        if (settings.sshInterface() != null) {
            vars.put("aws_ssh_interface", settings.sshInterface());
        }
        if (settings.buildIamInstanceProfile() != null) {
            vars.put("aws_build_iam_instance_profile", settings.buildIamInstanceProfile());
        }
        if (settings.endpoint() != null) {
            vars.put("aws_custom_endpoint_ec2", settings.endpoint().toString());
        }
        return vars;
    }

    @Override
    public Map<String, Object> builder(ImageSpec spec, PackerRelease packer) {
        Map<String, Object> builder = PackerJson.object();
        builder.put("type", "amazon-ebs");
        builder.put("region", user("aws_default_region"));
        if (settings.endpoint() != null) {
            builder.put("custom_endpoint_ec2", user("aws_custom_endpoint_ec2"));
        }
        builder.put("source_ami", user("aws_source_ami"));
        builder.put("instance_type", user("aws_instance_type"));
        builder.put("ssh_username", user("ssh_user"));
        builder.put("ami_name", "arvados-" + user("arvados_cluster") + "-compute-{{timestamp}}");
        builder.put("ami_description", "Arvados compute image for cluster " + user("arvados_cluster"));
        builder.put("associate_public_ip_address", user("aws_associate_public_ip_address"));
        builder.put("ena_support", user("aws_ena_support"));
        if (!settings.amiRegions().isEmpty()) {
            builder.put("ami_regions", settings.amiRegions());
        }
        if (settings.vpcId() != null) {
            builder.put("vpc_id", user("vpc_id"));
        }
        if (settings.subnetId() != null) {
            builder.put("subnet_id", user("subnet_id"));
        }
        buildVm(builder);
        if (settings.encryptBoot()) {
            builder.put("encrypt_boot", true);
            if (settings.kmsKeyId() != null) {
                builder.put("kms_key_id", user("aws_kms_key_id"));
            }
        }
        if (ed25519KeyPairs(packer)) {
            builder.put("temporary_key_pair_type", "ed25519");
        }
        if (packer.externalPlugins()) {
            builder.put("imds_support", "v2.0");
        }
        rootVolume(builder);
        instanceStore(builder);
        tags(builder);
        return builder;
    }

    private static void rootVolume(Map<String, Object> builder) {
        Map<String, Object> root = PackerJson.addObject(PackerJson.putArray(builder, "launch_block_device_mappings"));
        root.put("device_name", "/dev/xvda");
        root.put("volume_size", user("aws_volume_size"));
        root.put("volume_type", "gp3");
        root.put("throughput", GP3_THROUGHPUT);
        root.put("iops", GP3_IOPS);
        root.put("delete_on_termination", true);
    }

    /**
     * The instance store of older (pre-Nitro) types is attached only where the AMI or the launch maps it: mapped
     * here, its first two volumes reach every worker started from the image, for the scratch space. Nitro types'
     * NVMe instance store is always attached, and ignores these.
     */
    private static void instanceStore(Map<String, Object> builder) {
        List<Object> mappings = PackerJson.putArray(builder, "ami_block_device_mappings");
        for (int i = 0; i < INSTANCE_STORE_DEVICES.size(); i++) {
            mappings.add(Map.of("device_name", INSTANCE_STORE_DEVICES.get(i), "virtual_name", "ephemeral" + i));
        }
    }

    /** The user's tags and the plugin's own (which problems() keeps the user's from replacing). */
    private void tags(Map<String, Object> builder) {
        Map<String, String> tags = new TreeMap<>(settings.tags());
        tags.put("Name", "arvados-" + user("arvados_cluster") + "-compute");
        tags.put("arvados_cluster", user("arvados_cluster"));
        builder.put("run_tags", PackerJson.object(tags));
        tags.put("creation_time", "{{isotime `2006-01-02T15:04:05Z07:00`}}");
        tags.put("arvados_inputs_hash", user(ImageRenderer.INPUTS_HASH_VARIABLE));
        builder.put("tags", PackerJson.object(tags));
        builder.put("snapshot_tags", PackerJson.object(tags));
    }

    /** The build VM's own settings: how packer reaches it, its role and security groups. */
    private void buildVm(Map<String, Object> builder) {
        if (settings.sshInterface() != null) {
            builder.put("ssh_interface", user("aws_ssh_interface"));
        }
        if (settings.buildIamInstanceProfile() != null) {
            builder.put("iam_instance_profile", user("aws_build_iam_instance_profile"));
        }
        if (!settings.buildSecurityGroupIds().isEmpty()) {
            builder.put("security_group_ids", settings.buildSecurityGroupIds());
        }
    }

    @Override
    public List<String> limitations(PackerRelease packer) {
        List<String> missing = new java.util.ArrayList<>();
        if (!packer.externalPlugins()) {
            missing.add("packer " + packer.version() + " cannot mark the AMI IMDSv2-only (imds_support needs packer 1.10"
                    + " or later with the amazon plugin " + MIN_PLUGIN_VERSION + "+): instances still get IMDSv2 from"
                    + " the dispatcher, which requires it on every instance it starts");
        }
        if (!ed25519KeyPairs(packer)) {
            missing.add("packer " + packer.version() + " makes the build's temporary key pair RSA (its amazon-ebs"
                    + " ignores temporary_key_pair_type; ed25519 needs packer 1.8.0 or later): that key only reaches"
                    + " the build VM, is deleted with it, and is not in the image");
        }
        return missing;
    }

    /**
     * From 1.8.0 packer's bundled amazon plugin (1.0.7+) makes ed25519 key pairs; 1.6 and 1.7 accept the key
     * but their amazon-ebs ignores it and makes RSA ones.
     */
    private static boolean ed25519KeyPairs(PackerRelease packer) {
        return packer.atLeast(1, 8);
    }

    /** The SDK in packer reads these by itself, so the template never mentions them. */
    @Override
    public Set<String> secretEnvironmentNames() {
        return Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    }

    @Override
    public Map<String, String> packerEnvironment(ServerCredentials server) {
        Map<String, String> env = new TreeMap<>(Credentials.read(Cloud.AWS, settings.secretsFile(), settings.serverId(),
                server, List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
                List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")));
        if (settings.profile() != null) {
            env.put("AWS_PROFILE", settings.profile());
        }
        return env;
    }

    @Override
    public Map<String, String> extraScripts(ImageSpec spec) {
        return settings.ebsAutoscale() ? Map.of("ebs-autoscale.json", settings.ebsAutoscaleConfig().toJson()) : Map.of();
    }

    @Override
    public Map<String, String> sideFiles() {
        return settings.ebsAutoscale() ? Map.of(IAM_POLICY_FILE, iamPolicy()) : Map.of();
    }

    @Override
    public Set<String> sideFileNames() {
        return Set.of(IAM_POLICY_FILE);
    }

    private static String iamPolicy() {
        Map<String, Object> policy = PackerJson.object();
        policy.put("Version", "2012-10-17");
        Map<String, Object> statement = PackerJson.addObject(PackerJson.putArray(policy, "Statement"));
        statement.put("Effect", "Allow");
        statement.put("Action", IAM_ACTIONS);
        statement.put("Resource", "*");
        return PackerJson.write(policy);
    }

    /** {@code region:ami-id}, several joined by commas; the image ID is the AMI of the build region. */
    /** The autoscaler's volumes need the workers' profile; without it config.yml needs none from the image. */
    @Override
    public String workerInstanceProfile() {
        return settings.ebsAutoscale() ? settings.iamInstanceProfile() : null;
    }

    @Override
    public ImageLocation locate(String artifactId) {
        Map<String, String> regions = new TreeMap<>();
        for (String entry : artifactId.split(",")) { // the parser already turned %!(PACKER_COMMA) into ","
            int colon = entry.indexOf(':');
            if (colon > 0) {
                regions.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
            }
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("not an amazon-ebs artifact ID (region:ami-id): " + artifactId);
        }
        String imageId = regions.get(settings.region());
        if (imageId == null) {
            // Recording another region's AMI as this region's would send the dispatcher to an image it cannot find.
            throw new IllegalArgumentException("it names no AMI in the build region " + settings.region()
                    + ", only in " + regions.keySet());
        }
        return new ImageLocation(imageId, settings.region(), regions);
    }
}
