package org.arvados.maven.config;

import org.arvados.maven.common.GoQuoting;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.SecretMasker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code arvados-server cloudtest} will use of a config.yml, read here first so that a mistake is one clear
 * error before a cloud VM is paid for: the file's only cluster (cloudtest reads no other), its cloud (the
 * dispatcher's Driver), DriverParameters.Region, the instance types, and every secret in the file, to mask them
 * in cloudtest's output.
 *
 * @param configFile    the file read
 * @param clusterId     its only cluster
 * @param cloud         the cloud of Containers.CloudVMs.Driver (ec2 when unset, as Arvados' default)
 * @param region        Containers.CloudVMs.DriverParameters.Region; null where unset
 * @param instanceTypes the names under InstanceTypes
 * @param secrets       masks the file's tokens, keys and passwords, as they are and as arvados-server prints them
 */
public record DispatcherConfig(Path configFile, String clusterId, TargetCloud cloud, String region,
                               List<String> instanceTypes, SecretMasker secrets) {
    public DispatcherConfig {
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** Reads {@code configFile}, whose only cluster must be {@code clusterId} where that is given. */
    public static DispatcherConfig read(Path configFile, String clusterId) throws IOException {
        YamlDocument doc = YamlDocument.parse(ConfigSnapshot.read(configFile).text(), configFile.toString());
        if (clusterId != null) {
            ConfigFileUpdater.checkCluster(doc, clusterId);
        }
        List<String> clusters = doc.keys(List.of("Clusters"));
        if (clusters.size() > 1) {
            throw new InvalidInputException(configFile + " has clusters " + String.join(", ", clusters) + ", and"
                    + " arvados-server cloudtest reads only a file with one: give <configFile> (arvados.configFile) a"
                    + " config.yml with just the cluster to test.");
        }
        String cluster = ConfigCheck.onlyCluster(doc);
        String driver = ClusterSettings.value(doc, cluster, "Containers", "CloudVMs", "Driver").orElse("ec2");
        TargetCloud cloud = TargetCloud.byDriver(driver).orElseThrow(() -> new InvalidInputException(configFile
                + ": Clusters." + cluster + ".Containers.CloudVMs.Driver is " + driver + "; cloudtest tries an image"
                + " on a cloud the dispatcher drives: ec2 or azure."));
        List<String> types = doc.keys(List.of("Clusters", cluster, "InstanceTypes"));
        if (types.isEmpty()) {
            throw new InvalidInputException(configFile + ": Clusters." + cluster + ".InstanceTypes is empty; cloudtest"
                    + " starts one of them, so add the instance types the dispatcher may use.");
        }
        return new DispatcherConfig(configFile, cluster, cloud,
                ClusterSettings.value(doc, cluster, "Containers", "CloudVMs", "DriverParameters", "Region").orElse(null), types,
                new SecretMasker(ConfigSecrets.in(doc), GoQuoting.FORMS));
    }
}
