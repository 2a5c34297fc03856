package org.arvados.maven.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Problems;

import java.util.List;
import java.util.regex.Pattern;

import static org.arvados.maven.common.Setting.orDefault;

/**
 * Every field of the EBS autoscaler's config.json (Arvados' fork of amazon-ebs-autoscale), with the
 * defaults Arvados documents. Null arguments take the defaults.
 *
 * @param mountpoint           [/tmp] where the autoscaled volume is mounted
 * @param filesystem           [lvm.ext4] lvm.ext4 | btrfs
 * @param volumeGroup          [autoscale_vg] LVM volume group
 * @param logicalVolume        [autoscale_lv] LVM logical volume
 * @param volumeType           [gp3] EBS volume type
 * @param iops                 [3000] provisioned IOPS of each volume
 * @param encrypted            [true] encrypt the EBS volumes
 * @param detectionInterval    [2] seconds between free-space checks
 * @param maxEbsVolumeSize     [1500] GiB per EBS volume
 * @param maxLogicalVolumeSize [8000] GiB of the whole logical volume
 * @param maxEbsVolumeCount    [16] volumes attached at most
 * @param logFile              [/var/log/ebs-autoscale.log]
 * @param logInterval          [300] seconds between status log lines
 */
public record EbsAutoscaleConfig(
        String mountpoint,
        String filesystem,
        String volumeGroup,
        String logicalVolume,
        String volumeType,
        Integer iops,
        Boolean encrypted,
        Integer detectionInterval,
        Integer maxEbsVolumeSize,
        Integer maxLogicalVolumeSize,
        Integer maxEbsVolumeCount,
        String logFile,
        Integer logInterval) {

    private static final Pattern ABSOLUTE = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,127}");

    public EbsAutoscaleConfig {
        mountpoint = orDefault(mountpoint, "/tmp");
        filesystem = orDefault(filesystem, "lvm.ext4");
        volumeGroup = orDefault(volumeGroup, "autoscale_vg");
        logicalVolume = orDefault(logicalVolume, "autoscale_lv");
        volumeType = orDefault(volumeType, "gp3");
        iops = iops == null ? 3000 : iops;
        encrypted = encrypted == null || encrypted;
        detectionInterval = detectionInterval == null ? 2 : detectionInterval;
        maxEbsVolumeSize = maxEbsVolumeSize == null ? 1500 : maxEbsVolumeSize;
        maxLogicalVolumeSize = maxLogicalVolumeSize == null ? 8000 : maxLogicalVolumeSize;
        maxEbsVolumeCount = maxEbsVolumeCount == null ? 16 : maxEbsVolumeCount;
        logFile = orDefault(logFile, "/var/log/ebs-autoscale.log");
        logInterval = logInterval == null ? 300 : logInterval;
    }

    /** All defaults. */
    public static EbsAutoscaleConfig defaults() {
        return new EbsAutoscaleConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    void addProblems(Problems problems) {
        Checks.matches(problems, element("mountpoint"), mountpoint, ABSOLUTE, "an absolute path, e.g. /tmp");
        Checks.oneOf(problems, element("filesystem"), filesystem, List.of("lvm.ext4", "btrfs"));
        Checks.matches(problems, element("volumeGroup"), volumeGroup, LVM_NAME, "letters, digits, _ . + -");
        Checks.matches(problems, element("logicalVolume"), logicalVolume, LVM_NAME, "letters, digits, _ . + -");
        Checks.oneOf(problems, element("volumeType"), volumeType, List.of("gp2", "gp3", "io1", "io2", "st1", "sc1"));
        Checks.positive(problems, element("iops"), iops, 100);
        Checks.positive(problems, element("detectionInterval"), detectionInterval, 1);
        Checks.positive(problems, element("maxEbsVolumeSize"), maxEbsVolumeSize, 1);
        Checks.positive(problems, element("maxLogicalVolumeSize"), maxLogicalVolumeSize, 1);
        Checks.positive(problems, element("maxEbsVolumeCount"), maxEbsVolumeCount, 1);
        Checks.matches(problems, element("logFile"), logFile, ABSOLUTE, "an absolute path, e.g. /var/log/ebs-autoscale.log");
        Checks.positive(problems, element("logInterval"), logInterval, 1);
    }

    private static String element(String name) {
        return Cloud.AWS.setting("ebsAutoscaleConfig", name);
    }

    /** The autoscaler's config.json. */
    String toJson() {
        ObjectNode root = Json.object();
        root.put("mountpoint", mountpoint);
        root.put("filesystem", filesystem);
        ObjectNode lvm = root.putObject("lvm");
        lvm.put("volume_group", volumeGroup);
        lvm.put("logical_volume", logicalVolume);
        ObjectNode volume = root.putObject("volume");
        volume.put("type", volumeType);
        volume.put("iops", iops);
        volume.put("encrypted", encrypted ? 1 : 0);
        root.put("detection_interval", detectionInterval);
        ObjectNode limits = root.putObject("limits");
        limits.put("max_ebs_volume_size", maxEbsVolumeSize);
        limits.put("max_logical_volume_size", maxLogicalVolumeSize);
        limits.put("max_ebs_volume_count", maxEbsVolumeCount);
        ObjectNode logging = root.putObject("logging");
        logging.put("log_file", logFile);
        logging.put("log_interval", logInterval);
        return Json.write(root);
    }
}
