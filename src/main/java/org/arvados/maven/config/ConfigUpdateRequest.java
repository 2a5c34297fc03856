package org.arvados.maven.config;

import java.nio.file.Path;

/**
 * Everything update-config was asked to do; the mojo fills it from its parameters.
 *
 * @param configFile           the config.yml to edit (arvados.configFile)
 * @param clusterId            the cluster under {@code Clusters} (arvados.clusterId)
 * @param cloud                aws, azure or gcp; null: the only cloud in the ledger for the cluster (arvados.cloud)
 * @param imageId              null: the ledger's latest image for cloud and cluster (arvados.imageId)
 * @param adminUsername        DriverParameters.AdminUsername over the record's; null: the record's, if any (arvados.adminUsername)
 * @param sshPort              CloudVMs.SSHPort over the record's; null: the record's, if any (arvados.sshPort)
 * @param dispatchPrivateKey   Containers.DispatchPrivateKey as a file:/// URL; null leaves it alone (arvados.dispatchPrivateKey)
 * @param ebsAutoscale         rewrite InstanceTypes' scratch for the EBS autoscaler; null: as the record says
 *                             (arvados.aws.ebsAutoscale)
 * @param iamInstanceProfile   DriverParameters.IAMInstanceProfile with EBS autoscale over the record's
 *                             (arvados.aws.iamInstanceProfile)
 * @param includedScratch      IncludedScratch each instance type gets with EBS autoscale (arvados.ebsAutoscaleIncludedScratch)
 * @param dryRun               log a unified diff, write nothing (arvados.dryRun)
 * @param backup               keep {@code <file>.bak-<timestamp>} (arvados.backup)
 * @param ledgerFile           the image ledger (arvados.ledgerFile)
 * @param requireCloudtest     refuse an image never tried with cloudtest, not only one that failed it
 *                             (arvados.requireCloudtest)
 */
public record ConfigUpdateRequest(
        Path configFile,
        String clusterId,
        String cloud,
        String imageId,
        String adminUsername,
        Integer sshPort,
        String dispatchPrivateKey,
        Boolean ebsAutoscale,
        String iamInstanceProfile,
        String includedScratch,
        boolean dryRun,
        boolean backup,
        Path ledgerFile,
        boolean requireCloudtest) {
}
