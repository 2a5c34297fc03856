package org.arvados.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Setting;
import org.arvados.maven.image.AwsImage;
import org.arvados.maven.image.AzureImage;
import org.arvados.maven.image.AzureSettings;
import org.arvados.maven.image.CloudImage;
import org.arvados.maven.image.GcpSettings;
import org.arvados.maven.image.ServerCredentials;
import org.arvados.maven.prune.AwsImages;
import org.arvados.maven.prune.AzureImageDeleter;
import org.arvados.maven.prune.CloudSdks;
import org.arvados.maven.prune.DeferredDeleter;
import org.arvados.maven.prune.GcpImageDeleter;
import org.arvados.maven.prune.ImageDeleter;
import org.arvados.maven.prune.PruneRequest;
import org.arvados.maven.prune.Pruner;
import org.arvados.maven.prune.RunDeadline;
import org.eclipse.aether.RepositorySystem;

import javax.inject.Inject;
import javax.inject.Provider;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes the ledger's images no one uses from their cloud, per cluster and cloud: every image is pruned except the
 * {@code keep} newest, the one config.yml's ImageID names ({@code configFile}), the newest whose latest cloudtest
 * passed, and those younger than {@code minAge}. On AWS each region copy's AMI is deregistered and its snapshots
 * that carry the build's tags deleted; on Azure the gallery image version and the managed image; on GCP the image.
 * The ledger keeps every entry, with what was deleted and {@code prunedAt}.
 *
 * <p>Without {@code -Darvados.prune.confirm=true} it logs the plan (each image, why kept or pruned, what would be
 * deleted) and calls no cloud. Default phase: none; run it on its own, with or without a project:
 * {@code mvn org.arvados.maven:arvados-maven-plugin:prune-images -Darvados.configFile=config.yml}. Credentials come
 * from the same {@code <aws>}, {@code <azure>} and {@code <gcp>} settings as the image goals'. Example:</p>
 * <pre>
 * &lt;execution&gt;
 *   &lt;id&gt;prune-images&lt;/id&gt;
 *   &lt;goals&gt;&lt;goal&gt;prune-images&lt;/goal&gt;&lt;/goals&gt;
 *   &lt;configuration&gt;
 *     &lt;configFile&gt;${project.basedir}/config.yml&lt;/configFile&gt;
 *     &lt;keep&gt;3&lt;/keep&gt;
 *     &lt;minAge&gt;7d&lt;/minAge&gt;
 *   &lt;/configuration&gt;
 * &lt;/execution&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "prune-images", requiresProject = false, threadSafe = true)
public class PruneImagesMojo extends AbstractArvadosMojo {
    /** A century: far beyond any image's age, and within what a date can be moved back by. */
    static final Duration MAX_MIN_AGE = Duration.ofDays(36_500);
    static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /**
     * How many of the newest images of each cluster and cloud to keep (at least 1).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.prune.keep", defaultValue = "3")
    int keep;

    /**
     * Images younger than this are kept, e.g. 7d, 36h.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.prune.minAge", defaultValue = "7d")
    String minAge;

    /**
     * Deletes what the plan marks prune; false logs the plan only.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.prune.confirm", defaultValue = "false")
    boolean confirm;

    /**
     * With confirm and no {@code configFile}: prune although the image the cluster runs on is not known, by keep,
     * minAge and cloudtest alone. Without it such a run is refused.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.prune.withoutConfigFile", defaultValue = "false")
    boolean withoutConfigFile;

    /**
     * How long all of the run's cloud calls, and its waits for the cloud's operations, may take together, e.g. 30m;
     * each call also stops after 2 minutes, its answer included, and no wait between polls is longer than a minute.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.prune.timeout", defaultValue = "1h")
    String timeout;

    /**
     * The cluster's config.yml (read, never written): the image its ImageID names is always kept.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.configFile")
    File configFile;

    /**
     * The cluster whose images to prune; default: config.yml's only cluster, else the ledger's only one.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    String clusterId;

    /**
     * aws, azure or gcp; default: every cloud the ledger has images of for the cluster.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloud")
    String cloud;

    /**
     * The image ledger: {@code arvados-images.json} in the project's base directory, or in the current folder
     * when run without a project.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.ledgerFile", defaultValue = "${basedir}/arvados-images.json")
    File ledgerFile;

    /**
     * As the aws-image goal's: read here are profile, secretsFile, serverId (the credentials) and endpoint (a
     * custom EC2 endpoint URL for every region's calls); each also {@code arvados.aws.<name>}.
     * @since 0.1.0
     */
    @Parameter
    AwsParameters aws = new AwsParameters();

    /**
     * As the azure-image goal's: read here are secretsFile or serverId, subscriptionId, tenantId and
     * cloudEnvironment; each also {@code arvados.azure.<name>}. Each image is deleted in the resource group its
     * ledger entry records, not in resourceGroup.
     * @since 0.1.0
     */
    @Parameter
    AzureParameters azure = new AzureParameters();

    /**
     * As the gcp-image goal's: read here are projectId and accountFile; each also {@code arvados.gcp.<name>}.
     * @since 0.1.0
     */
    @Parameter
    GcpParameters gcp = new GcpParameters();

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    private final SettingsDecrypter decrypter;
    private final Provider<RepositorySystem> repositorySystem;
    private RunDeadline runDeadline;
    private CloudSdks cloudSdks;

    @Inject
    public PruneImagesMojo(SettingsDecrypter decrypter, Provider<RepositorySystem> repositorySystem) {
        this.decrypter = decrypter;
        this.repositorySystem = repositorySystem;
    }

    @Override
    protected String goalName() {
        return "arvados:prune-images";
    }

    @Override
    protected void run(BuildLog log) throws IOException {
        if (confirm && offline()) {
            throw new InvalidInputException("Maven is offline (-o), and prune-images with <confirm>"
                    + " (arvados.prune.confirm) deletes in the cloud: run without -o, or without confirm for the plan.");
        }
        try {
            new Pruner(log, Clock.systemUTC(), name -> deleter(name, log)).run(request());
        } finally {
            if (cloudSdks != null) {
                cloudSdks.close();
            }
        }
    }

    PruneRequest request() {
        return new PruneRequest(ledgerFile.toPath(), configFile == null ? null : configFile.toPath(),
                blankToNull(clusterId), blankToNull(cloud), keep,
                Durations.parse("<minAge> (arvados.prune.minAge)", minAge, MAX_MIN_AGE), confirm, withoutConfigFile);
    }

    /** One deadline for the whole run, every cloud's deleter included: it starts with the first deleter. */
    private RunDeadline runDeadline() {
        if (runDeadline == null) {
            runDeadline = new RunDeadline(Durations.parse("<timeout> (arvados.prune.timeout)", timeout, MAX_TIMEOUT));
        }
        return runDeadline;
    }

    /** The cloud SDKs, resolved and loaded once, at the first deletion that needs them. */
    private CloudSdks cloudSdks(BuildLog log) {
        if (cloudSdks == null) {
            cloudSdks = CloudSdkResolver.load(getClass().getClassLoader(), repositorySystem::get,
                    session.getRepositorySession(), project.getRemotePluginRepositories(), log);
        }
        return cloudSdks;
    }

    /** The cloud's deleter, with the image goal's settings; credentials are read only when it calls the cloud. */
    ImageDeleter deleter(String cloudName, BuildLog log) {
        PropertyOverrides properties = properties();
        RunDeadline deadline = runDeadline();
        List<String> problems = new ArrayList<>();
        ImageDeleter deleter = switch (cloudName) {
            case "aws" -> {
                AwsImage image = new AwsImage(aws.toSettings(properties, this::path));
                problems.addAll(sourceProblems(image));
                yield new DeferredDeleter(AwsImages::planned, AwsImages::missingFields, () -> cloudSdks(log)
                        .awsDeleter(() -> image.packerEnvironment(server(image.settings().serverId(), "aws")),
                                image.settings().endpoint(), deadline, log));
            }
            case "azure" -> {
                AzureImage image = new AzureImage(azure.toSettings(properties, this::path));
                AzureSettings s = image.settings();
                problems.addAll(sourceProblems(image));
                yield new AzureImageDeleter(() -> image.packerEnvironment(server(s.serverId(), "azure")),
                        AzureImageDeleter.Endpoints.of(s.cloudEnvironment()), deadline, log);
            }
            case "gcp" -> {
                GcpSettings s = gcp.toSettings(properties, this::path);
                yield new GcpImageDeleter(s.projectId(), () -> cloudSdks(log).googleCredentials(s.accountFile()),
                        GcpImageDeleter.COMPUTE_API, deadline, log);
            }
            default -> throw new InvalidInputException("The ledger has images of cloud '" + cloudName + "', which"
                    + " prune-images cannot delete (aws, azure, gcp): set <cloud> (arvados.cloud) to one of those.");
        };
        problems.addAll(0, properties.problems());
        if (!problems.isEmpty()) {
            deleter.close();
            throw new InvalidInputException(problems);
        }
        return deleter;
    }

    /**
     * With confirm, as the image goals: one credential source, and a secrets file that is there, before any call. A
     * plan calls no cloud, so it shows without credentials.
     */
    private List<String> sourceProblems(CloudImage image) {
        return confirm ? image.credentialSourceProblems() : List.of();
    }

    private ServerCredentials server(String serverId, String cloudName) {
        return serverId == null ? null
                : SettingsServers.lookup(settings, decrypter, serverId, Setting.element(cloudName, "serverId"));
    }
}
