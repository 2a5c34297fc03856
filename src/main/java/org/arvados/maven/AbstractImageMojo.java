package org.arvados.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.Setting;
import org.arvados.maven.config.ClusterSettings;
import org.arvados.maven.packer.BuildRequest;
import org.arvados.maven.image.CloudImage;
import org.arvados.maven.image.ClusterConfigInput;
import org.arvados.maven.image.ImagePipeline;
import org.arvados.maven.image.ImageRequest;
import org.arvados.maven.image.ImageSpec;
import org.arvados.maven.image.SoftwareVersions;
import org.arvados.maven.image.ServerCredentials;
import org.arvados.maven.packer.OnError;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the three image goals share: the cluster, the dispatcher key, what goes into the image, how
 * packer runs, and where results go. Each cloud's goal adds its nested settings ({@code <aws>},
 * {@code <azure>}, {@code <gcp>}) and turns them into that cloud's {@link CloudImage}.
 */
abstract class AbstractImageMojo extends AbstractArvadosMojo {
    /**
     * The Arvados cluster ID the image is for: five lowercase letters or digits, e.g. {@code zzzzz}; with
     * {@code configFile}, default: the only cluster in it.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    private String clusterId;

    /**
     * The cluster's config.yml, read (never written) for what the image must agree with: RuntimeEngine,
     * DriverParameters.AdminUsername, SSHPort, and DispatchPrivateKey (inline, or a file:/// path readable here:
     * its public half goes into the image). A value the POM also gives must be the same.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.configFile")
    private File configFile;

    /**
     * The dispatcher's private key (made by arvados:keypair); its public half goes into the image.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.keyFile", defaultValue = "${user.home}/.ssh/id_dispatcher")
    private File keyFile;

    /**
     * The dispatcher's public key baked into the image [arvados.publicKeyFile from arvados:keypair, else keyFile.pub].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.publicKeyFile")
    private File publicKeyFile;

    /**
     * The image's admin user the dispatcher logs in as (config.yml DriverParameters.AdminUsername) [crunch].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.adminUsername")
    private String adminUsername;

    /**
     * The user packer logs in as while building [admin on AWS Debian AMIs, packer on Azure and GCP].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.sshUser")
    private String sshUser;

    /**
     * The port sshd listens on in the image (config.yml Containers.CloudVMs.SSHPort) [22].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.sshPort")
    private Integer sshPort;

    /**
     * A DNS resolver (IP address) made the image's first name server; unset keeps the cloud's.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.resolver")
    private String resolver;

    /**
     * /etc/hosts lines baked into the image: {@code <host>10.20.30.40 zzzzz.example.com</host>}.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.hosts")
    private List<String> hosts;

    /**
     * Arvados apt suite suffix: empty for releases, {@code -dev} for development packages.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.repoSuffix", defaultValue = "")
    private String repoSuffix;

    /**
     * Pin Arvados, Docker and NVIDIA packages to the versions installed [true unless repoSuffix is -dev].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.pinPackages")
    private Boolean pinPackages;

    /**
     * Container runtime installed in the image: docker or singularity (config.yml Containers.RuntimeEngine) [docker].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.runtimeEngine")
    private String runtimeEngine;

    /**
     * Memory cap for Singularity's mksquashfs, e.g. 256M or 2G.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.mksquashfsMem", defaultValue = "256M")
    private String mksquashfsMem;

    /**
     * Install NVIDIA drivers and the container toolkit (loaded only where a GPU is present).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.nvidiaGpuSupport", defaultValue = "false")
    private boolean nvidiaGpuSupport;

    /**
     * Folder on the build VM the provisioning scripts are uploaded to.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.workdir", defaultValue = "/tmp")
    private String workdir;

    /**
     * Base URL of the Arvados apt repository (http, https or file).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.arvadosAptUrl", defaultValue = ImageSpec.DEFAULT_APT_URL)
    private String arvadosAptUrl;

    /**
     * URL of the Arvados apt repository's signing key.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.arvadosAptKeyUrl", defaultValue = ImageSpec.DEFAULT_APT_KEY_URL)
    private String arvadosAptKeyUrl;

    /**
     * Where Docker comes from: docker-ce (Docker's repository) or docker.io (the distribution's, which serves a
     * Docker API too old for crunch-run from Arvados 3.2.1 on: only with an arvadosVersion before 3.2.1).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dockerSource", defaultValue = ImageSpec.DEFAULT_DOCKER_SOURCE)
    private String dockerSource;

    /**
     * The Arvados release of python3-arvados-fuse, arvados-docker-cleaner and crunch-run, e.g. 3.2.1 (patterns such
     * as 3.1.* too; * the newest) [3.2.1]. Say the cluster's own release: the dispatcher deploys its crunch-run.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.arvadosVersion")
    private String arvadosVersion;

    /**
     * docker-ce's version pattern (docker.io's with dockerSource docker.io; * the newest) [5:28.*; docker.io: *].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dockerVersion")
    private String dockerVersion;

    /**
     * containerd.io's version pattern (containerd's with dockerSource docker.io; * the newest) [1.7.*; docker.io: *].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.containerdVersion")
    private String containerdVersion;

    /**
     * NVIDIA's driver (the cuda-drivers package) version pattern (* the newest) [580.*].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.nvidiaDriverVersion")
    private String nvidiaDriverVersion;

    /**
     * nvidia-container-toolkit's version pattern (* the newest) [1.17.*].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.nvidiaToolkitVersion")
    private String nvidiaToolkitVersion;

    /**
     * The SingularityCE release (runtimeEngine singularity).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.singularityVersion", defaultValue = SoftwareVersions.DEFAULT_SINGULARITY)
    private String singularityVersion;

    /**
     * Installs the crunch-run package, as Arvados' own image build does: what a cluster whose dispatcher does not
     * deploy its own (Containers.CloudVMs.DeployRunnerBinary empty) runs.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.crunchRun", defaultValue = "true")
    private boolean crunchRun;

    /**
     * The packer executable: a name looked up on PATH, or a path.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.packer", defaultValue = "packer")
    private String packer;

    /**
     * Render and run {@code packer validate} only; no build, no cloud costs.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * Build even when the ledger's latest image was built from the same inputs.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.force", defaultValue = "false")
    private boolean force;

    /**
     * A build running longer is cancelled the way Ctrl-C does it (packer cleans up): e.g. 2h, 90m.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.timeout", defaultValue = "2h")
    private String timeout;

    /**
     * How long packer may take to delete its cloud resources after a cancel before it is killed.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cleanupTimeout", defaultValue = "15m")
    private String cleanupTimeout;

    /**
     * What packer does when a build fails: cleanup (delete the build VM) or abort (keep it to debug).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.onError", defaultValue = "cleanup")
    private String onError;

    /**
     * Where the rendered template, scripts, packer.log and {@code <cloud>-image.json} go.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.outputDirectory", defaultValue = "${project.build.directory}/arvados")
    private File outputDirectory;

    /**
     * Every successful build is appended here; commit it in the ops repository.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.ledgerFile", defaultValue = "${project.basedir}/arvados-images.json")
    private File ledgerFile;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    private final SettingsDecrypter decrypter;

    protected AbstractImageMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    /** This cloud's settings, with {@code arvados.<cloud>.<name>} properties applied over the POM. */
    protected abstract CloudImage cloudImage(PropertyOverrides properties);

    /** The cloud's {@code serverId} after property overrides, or null. */
    protected abstract String serverId(PropertyOverrides properties);

    @Override
    protected String goalName() {
        return "arvados:" + cloudName() + "-image";
    }

    protected abstract String cloudName();

    @Override
    protected void run(BuildLog log) throws IOException {
        ImageRequest request = request(log);
        ImagePipeline.Outcome outcome = new ImagePipeline(Clock.systemUTC()).run(request, log);
        if (outcome.status() == ImagePipeline.Status.DRY_RUN) {
            DryRunSummary.add(session, getLog(), cloudName() + "-image rendered and validated the image's template and"
                    + " built nothing", "credentials: " + request.cloud().credentialSources());
        }
        outcome.image().ifPresent(image -> {
            setProjectProperty("arvados.imageId", image.imageId());
            setProjectProperty("arvados." + request.cloud().name() + ".imageId", image.imageId());
        });
    }

    /** The parameters, with property overrides applied, as the one request the core runs (tests read it). */
    ImageRequest request() throws IOException {
        return request(BuildLog.SILENT);
    }

    private ImageRequest request(BuildLog log) throws IOException {
        PropertyOverrides properties = properties();
        CloudImage cloud = cloudImage(properties);
        Problems conflicts = new Problems();
        Path pomPublicKey = publicKeyFile != null ? publicKeyFile.toPath() : Path.of(keyFile.getPath() + ".pub");
        ClusterConfigInput input = new ClusterConfigInput(blankToNull(adminUsername), sshPort,
                blankToNull(runtimeEngine), pomPublicKey, null);
        String cluster = blankToNull(clusterId);
        if (configFile != null) {
            ClusterSettings settings = ClusterSettings.read(configFile.toPath(), cluster);
            settings.warnings().forEach(log::warn);
            input = input.withCluster(publicKeyFile != null || Files.exists(pomPublicKey), settings,
                    outputDirectory.toPath(), conflicts);
            cluster = settings.clusterId();
        }
        Duration buildTimeout = properties.duration(Setting.element("timeout"), timeout, BuildRequest.MAX_TIMEOUT,
                BuildRequest.DEFAULT_TIMEOUT);
        Duration cleanup = properties.duration(Setting.element("cleanupTimeout"), cleanupTimeout,
                BuildRequest.MAX_CLEANUP_TIMEOUT, BuildRequest.DEFAULT_CLEANUP_TIMEOUT);
        OnError onFailure = properties.parse(() -> OnError.parse(onError), OnError.CLEANUP);
        List<String> problems = new ArrayList<>(properties.problems());
        problems.addAll(conflicts.list());
        return new ImageRequest(spec(cluster, input, onFailure), cloud, server(properties), outputDirectory.toPath(),
                ledgerFile.toPath(), packer, dryRun, force, offline(), buildTimeout, cleanup,
                problems);
    }

    private ImageSpec spec(String cluster, ClusterConfigInput input, OnError onFailure) {
        return new ImageSpec(cluster, input.publicKeyFile(), input.requiredKey(), input.adminUsername(), sshUser, input.sshPort(), resolver,
                hosts, repoSuffix, pinPackages, input.runtimeEngine(), mksquashfsMem, nvidiaGpuSupport, workdir,
                arvadosAptUrl, arvadosAptKeyUrl, dockerSource, onFailure,
                new SoftwareVersions(arvadosVersion, dockerVersion, containerdVersion, nvidiaDriverVersion,
                        nvidiaToolkitVersion, singularityVersion),
                crunchRun);
    }

    /** Looks up and decrypts the settings.xml server when the pipeline needs credentials. */
    private Supplier<ServerCredentials> server(PropertyOverrides properties) {
        String serverId = serverId(properties);
        return () -> serverId == null ? null
                : SettingsServers.lookup(settings, decrypter, serverId, Setting.element(cloudName(), "serverId"));
    }
}
