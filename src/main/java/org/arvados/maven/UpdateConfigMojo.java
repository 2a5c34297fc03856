package org.arvados.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.config.ConfigFileUpdater;
import org.arvados.maven.config.ConfigUpdateRequest;
import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.io.File;
import java.io.IOException;
import java.time.Clock;

/**
 * Writes the recorded image ID (and the settings that go with the image) into the cluster's config.yml,
 * keeping every other byte of the file. {@code -Darvados.dryRun=true} prints a unified diff instead.
 *
 * <p>Default phase: none; bind it after the image goal (e.g. to {@code verify}), or run it on its own, with
 * or without a project:
 * {@code mvn org.arvados.maven:arvados-maven-plugin:update-config -Darvados.configFile=/etc/arvados/config.yml
 * -Darvados.clusterId=zzzzz -Darvados.imageId=ami-0123456789abcdef0}. Example:</p>
 * <pre>
 * &lt;execution&gt;
 *   &lt;id&gt;cluster-config&lt;/id&gt;
 *   &lt;phase&gt;verify&lt;/phase&gt;
 *   &lt;goals&gt;&lt;goal&gt;update-config&lt;/goal&gt;&lt;/goals&gt;
 *   &lt;configuration&gt;
 *     &lt;configFile&gt;${project.basedir}/config.yml&lt;/configFile&gt;
 *     &lt;dispatchPrivateKey&gt;file:///etc/arvados/id_dispatcher&lt;/dispatchPrivateKey&gt;
 *   &lt;/configuration&gt;
 * &lt;/execution&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "update-config", requiresProject = false, threadSafe = true)
public class UpdateConfigMojo extends AbstractArvadosMojo {
    /**
     * The config.yml to edit, e.g. an ops repository's copy or /etc/arvados/config.yml.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.configFile", required = true)
    File configFile;

    /**
     * The cluster under {@code Clusters} to update (5 characters, e.g. zzzzz); checked with a helpful message.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    String clusterId;

    /**
     * The image to write into Containers.CloudVMs.ImageID; default: the ledger's latest for cloud and cluster
     * (for an Azure gallery version: its image definition, with DriverParameters.SharedImageGalleryName,
     * SharedImageGalleryImageVersion and ImageResourceGroup).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.imageId")
    String imageId;

    /**
     * aws, azure or gcp; default: the cloud an AMI ID names, else the only cloud in the ledger for the cluster.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloud")
    String cloud;

    /**
     * Containers.CloudVMs.DriverParameters.AdminUsername over the one the ledger records for the image (which
     * is written by default); must match the admin user baked into the image.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.adminUsername")
    String adminUsername;

    /**
     * Containers.CloudVMs.SSHPort over the one the ledger records for the image (written by default).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.sshPort")
    Integer sshPort;

    /**
     * When set, written to Containers.DispatchPrivateKey: a {@code file:///} URL of the key on the dispatcher
     * host, e.g. {@code file:///etc/arvados/id_dispatcher} (never the key itself: mvn -X prints parameters).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dispatchPrivateKey")
    String dispatchPrivateKey;

    /**
     * The image goals' {@code <aws>} block, so one plugin-wide configuration serves both. Read here:
     * {@code ebsAutoscale} (the image has the EBS autoscaler: every InstanceTypes entry loses AddedScratch
     * and gets IncludedScratch = ebsAutoscaleIncludedScratch, and DriverParameters.IAMInstanceProfile is set;
     * by default as the ledger records the image)
     * and {@code iamInstanceProfile} (the instance profile allowed to create and attach volumes); other
     * children are ignored. Each is also a property, {@code arvados.aws.ebsAutoscale} and
     * {@code arvados.aws.iamInstanceProfile}, which on the command line wins over the POM, as in the image goals.
     * @since 0.1.0
     */
    @Parameter
    PlexusConfiguration aws;

    /**
     * With EBS autoscale: the IncludedScratch every instance type gets.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.ebsAutoscaleIncludedScratch", defaultValue = "16TB")
    String ebsAutoscaleIncludedScratch;

    /**
     * Logs a unified diff of what would change and writes nothing.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dryRun", defaultValue = "false")
    boolean dryRun;

    /**
     * Keeps the previous file as {@code <configFile>.bak-<UTC timestamp>}.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.backup", defaultValue = "true")
    boolean backup;

    /**
     * The image ledger the image goals append to: {@code arvados-images.json} in the project's base
     * directory, or in the current folder when run without a project. ({@code ${basedir}} rather than
     * {@code ${project.basedir}}: only the former resolves in Maven's stub project of a POM-less run.)
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
        return "arvados:update-config";
    }

    @Override
    protected void run(BuildLog log) throws IOException {
        new ConfigFileUpdater(log, Clock.systemUTC()).update(request());
        if (dryRun) {
            DryRunSummary.add(session, getLog(), "update-config left config.yml as it was", null);
        }
    }

    ConfigUpdateRequest request() {
        PropertyOverrides properties = properties();
        String ebsProperty = Cloud.AWS.property("ebsAutoscale");
        Boolean ebsAutoscale = properties.bool(ebsProperty, PropertyOverrides.toBoolean(ebsProperty, nested("ebsAutoscale")));
        String iamInstanceProfile = properties.string(Cloud.AWS.property("iamInstanceProfile"), nested("iamInstanceProfile"));
        if (!properties.problems().isEmpty()) {
            throw new InvalidInputException(properties.problems());
        }
        return new ConfigUpdateRequest(path(configFile), clusterId, blankToNull(cloud), blankToNull(imageId),
                blankToNull(adminUsername), sshPort, blankToNull(dispatchPrivateKey), ebsAutoscale,
                blankToNull(iamInstanceProfile),
                ebsAutoscaleIncludedScratch, dryRun, backup, path(ledgerFile), requireCloudtest);
    }

    /** A child of {@code <aws>}, with {@code ${...}} already interpolated by Maven's model builder. */
    private String nested(String name) {
        if (aws == null || aws.getChild(name, false) == null) {
            return null;
        }
        return aws.getChild(name, false).getValue(null);
    }

    private static java.nio.file.Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
