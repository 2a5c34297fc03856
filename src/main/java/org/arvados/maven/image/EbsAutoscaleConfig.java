package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Problems;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.arvados.maven.common.Setting.orDefault;

/**
 * Every field of the EBS autoscaler's config.json (Arvados' fork of amazon-ebs-autoscale, config/ebs-autoscale.json),
 * with the defaults its install.sh fills in. Null arguments take the defaults.
 *
 * @param mountpoint                  [/tmp] where the autoscaled volume is mounted
 * @param filesystem                  [lvm.ext4] lvm.ext4 | btrfs
 * @param volumeGroup                 [autoscale_vg] LVM volume group
 * @param logicalVolume               [autoscale_lv] LVM logical volume
 * @param volumeType                  [gp3] EBS volume type
 * @param iops                        [3000] provisioned IOPS of each volume (io1, io2, gp3)
 * @param throughput                  [125] MiB/s of each gp3 volume
 * @param encrypted                   [true] encrypt the EBS volumes
 * @param detectionInterval           [2] seconds between free-space checks
 * @param minEbsVolumeSize            [150] GiB of a volume the daemon adds (the first one, made at boot, is 200)
 * @param maxEbsVolumeSize            [1500] GiB per EBS volume
 * @param maxLogicalVolumeSize        [8000] GiB of the whole logical volume
 * @param maxEbsVolumeCount           [16] volumes attached at most
 * @param initialUtilizationThreshold [50] percent of /tmp used at which the daemon adds a volume (higher once
 *                                    there are 4 or more)
 * @param logFile                     [/var/log/ebs-autoscale.log]
 * @param logInterval                 [300] seconds between status log lines
 */
public record EbsAutoscaleConfig(
        String mountpoint,
        String filesystem,
        String volumeGroup,
        String logicalVolume,
        String volumeType,
        Integer iops,
        Integer throughput,
        Boolean encrypted,
        Integer detectionInterval,
        Integer minEbsVolumeSize,
        Integer maxEbsVolumeSize,
        Integer maxLogicalVolumeSize,
        Integer maxEbsVolumeCount,
        Integer initialUtilizationThreshold,
        String logFile,
        Integer logInterval) {

    private static final Pattern ABSOLUTE = Pattern.compile("/[A-Za-z0-9._/-]*");
    // No '-': install.sh and the daemon open /dev/mapper/<group>-<volume>, where device-mapper doubles a '-'.
    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9_.+]{1,127}");
    private static final String LVM_NAME_FIX = "letters, digits, _ . + (no '-': the autoscaler opens "
            + "/dev/mapper/<volumeGroup>-<logicalVolume>, where LVM would double it)";

    public EbsAutoscaleConfig {
        mountpoint = orDefault(mountpoint, "/tmp");
        filesystem = orDefault(filesystem, "lvm.ext4");
        volumeGroup = orDefault(volumeGroup, "autoscale_vg");
        logicalVolume = orDefault(logicalVolume, "autoscale_lv");
        volumeType = orDefault(volumeType, "gp3");
        iops = iops == null ? 3000 : iops;
        throughput = throughput == null ? 125 : throughput;
        encrypted = encrypted == null || encrypted;
        detectionInterval = detectionInterval == null ? 2 : detectionInterval;
        minEbsVolumeSize = minEbsVolumeSize == null ? 150 : minEbsVolumeSize;
        maxEbsVolumeSize = maxEbsVolumeSize == null ? 1500 : maxEbsVolumeSize;
        maxLogicalVolumeSize = maxLogicalVolumeSize == null ? 8000 : maxLogicalVolumeSize;
        maxEbsVolumeCount = maxEbsVolumeCount == null ? 16 : maxEbsVolumeCount;
        initialUtilizationThreshold = initialUtilizationThreshold == null ? 50 : initialUtilizationThreshold;
        logFile = orDefault(logFile, "/var/log/ebs-autoscale.log");
        logInterval = logInterval == null ? 300 : logInterval;
    }

    /** All defaults. */
    public static EbsAutoscaleConfig defaults() {
        return new EbsAutoscaleConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    void addProblems(Problems problems) {
        Checks.matches(problems, element("mountpoint"), mountpoint, ABSOLUTE, "an absolute path, e.g. /tmp");
        Checks.oneOf(problems, element("filesystem"), filesystem, List.of("lvm.ext4", "btrfs"));
        Checks.matches(problems, element("volumeGroup"), volumeGroup, LVM_NAME, LVM_NAME_FIX);
        Checks.matches(problems, element("logicalVolume"), logicalVolume, LVM_NAME, LVM_NAME_FIX);
        Checks.oneOf(problems, element("volumeType"), volumeType, List.of("gp2", "gp3", "io1", "io2", "st1", "sc1"));
        Checks.positive(problems, element("iops"), iops, 100);
        Checks.positive(problems, element("throughput"), throughput, 125);
        Checks.positive(problems, element("detectionInterval"), detectionInterval, 1);
        Checks.positive(problems, element("minEbsVolumeSize"), minEbsVolumeSize, 1);
        Checks.positive(problems, element("maxEbsVolumeSize"), maxEbsVolumeSize, 1);
        problems.check(minEbsVolumeSize <= maxEbsVolumeSize, element("minEbsVolumeSize") + " is " + minEbsVolumeSize
                + ", more than " + element("maxEbsVolumeSize") + " (" + maxEbsVolumeSize + "): lower one or raise the other");
        Checks.positive(problems, element("maxLogicalVolumeSize"), maxLogicalVolumeSize, 1);
        Checks.positive(problems, element("maxEbsVolumeCount"), maxEbsVolumeCount, 1);
        problems.check(initialUtilizationThreshold >= 1 && initialUtilizationThreshold <= 100,
                element("initialUtilizationThreshold") + " must be a percentage from 1 to 100");
        Checks.matches(problems, element("logFile"), logFile, ABSOLUTE, "an absolute path, e.g. /var/log/ebs-autoscale.log");
        Checks.positive(problems, element("logInterval"), logInterval, 1);
    }

    private static String element(String name) {
        return Cloud.AWS.setting("ebsAutoscaleConfig", name);
    }

    /**
     * The autoscaler's config.json, as install.sh would write it had it a flag for every field: the values it
     * fills into its template's quoted placeholders are strings, the rest numbers; {@code imdsv2} is set, as
     * {@code --imdsv2} sets it, because the dispatcher's instances answer metadata calls only with a token.
     */
    String toJson() {
        Map<String, Object> root = PackerJson.object();
        root.put("mountpoint", mountpoint);
        root.put("filesystem", filesystem);
        root.put("imdsv2", "true");
        Map<String, Object> lvm = PackerJson.putObject(root, "lvm");
        lvm.put("volume_group", volumeGroup);
        lvm.put("logical_volume", logicalVolume);
        Map<String, Object> volume = PackerJson.putObject(root, "volume");
        volume.put("type", volumeType);
        volume.put("iops", String.valueOf(iops));
        volume.put("throughput", String.valueOf(throughput));
        volume.put("encrypted", encrypted ? 1 : 0);
        root.put("detection_interval", detectionInterval);
        Map<String, Object> limits = PackerJson.putObject(root, "limits");
        limits.put("min_ebs_volume_size", String.valueOf(minEbsVolumeSize));
        limits.put("max_ebs_volume_size", String.valueOf(maxEbsVolumeSize));
        limits.put("max_logical_volume_size", String.valueOf(maxLogicalVolumeSize));
        limits.put("max_ebs_volume_count", String.valueOf(maxEbsVolumeCount));
        limits.put("initial_utilization_threshold", String.valueOf(initialUtilizationThreshold));
        Map<String, Object> logging = PackerJson.putObject(root, "logging");
        logging.put("log_file", logFile);
        logging.put("log_interval", logInterval);
        return PackerJson.write(root);
    }
}
