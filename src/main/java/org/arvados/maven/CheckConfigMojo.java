package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.config.ConfigCheck;

import java.io.File;
import java.io.IOException;

/**
 * Checks that a cluster's config.yml and the image its ImageID names agree, as the ledger records the image:
 * the image is the cluster's, the AMI has a copy in DriverParameters.Region, AdminUsername, SSHPort and
 * RuntimeEngine are the image's, DispatchPrivateKey is the key the image lets in, GPU instance types have an
 * image with NVIDIA's driver, an EBS-autoscale image has its instance profile and no AddedScratch, and no
 * instance type has IncludedScratch on an Azure image built before its scratch space took the resource disk. Every
 * mismatch is one line of one error; nothing is changed. Default phase: verify. It also runs without a
 * project: {@code mvn org.arvados.maven:arvados-maven-plugin:check-config
 * -Darvados.configFile=/etc/arvados/config.yml -Darvados.ledgerFile=arvados-images.json}.
 * @since 0.1.0
 */
@Mojo(name = "check-config", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckConfigMojo extends AbstractArvadosMojo {
    /**
     * The config.yml to check, e.g. an ops repository's copy or /etc/arvados/config.yml.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.configFile", required = true)
    File configFile;

    /**
     * The cluster under {@code Clusters} to check; default: the only one in the file.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    String clusterId;

    /**
     * The image ledger the image goals append to ({@code ${basedir}}: it also resolves without a project).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.ledgerFile", defaultValue = "${basedir}/arvados-images.json")
    File ledgerFile;

    /**
     * Refuses an image never tried with {@code arvados:cloudtest} (one whose latest cloudtest failed is refused
     * always; one never tried otherwise gets a warning).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.requireCloudtest", defaultValue = "false")
    boolean requireCloudtest;

    @Override
    protected String goalName() {
        return "arvados:check-config";
    }

    @Override
    protected void run(BuildLog log) throws IOException {
        ConfigCheck.verify(configFile.toPath(), blankToNull(clusterId), ledgerFile.toPath(), requireCloudtest, log);
    }
}
