package org.arvados.maven.image;

import org.arvados.maven.common.Identifiers;
import org.arvados.maven.common.Problems;
import org.arvados.maven.packer.OnError;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.arvados.maven.common.Setting.blankToNull;
import static org.arvados.maven.common.Setting.element;
import static org.arvados.maven.common.Setting.orDefault;

/**
 * The settings every cloud's image shares. Null arguments take the
 * documented defaults, so the mojos can pass their parameters through unchanged; {@link #problems()}
 * reports what is wrong before anything is written (and {@link ImageCheck} what is wrong with the key file).
 *
 * @param clusterId        5-character Arvados cluster ID (required)
 * @param publicKeyFile    the dispatcher's public key (required; one OpenSSH line)
 * @param requiredKey      the key publicKeyFile must hold (config.yml has its private half); null: any key
 * @param adminUsername    [crunch] the image's admin user (Containers.CloudVMs.DriverParameters.AdminUsername)
 * @param sshUser          user packer logs in as while building; null = the cloud's default
 * @param sshPort          [22] port sshd listens on in the image (Containers.CloudVMs.SSHPort)
 * @param resolver         DNS resolver IP baked into the image; null = none
 * @param hosts            extra /etc/hosts lines ("10.20.30.40 zzzzz.example.com")
 * @param repoSuffix       [""] "-dev" selects the development apt suites
 * @param pinPackages      null = true unless repoSuffix is "-dev"
 * @param runtimeEngine    [docker] docker | singularity
 * @param mksquashfsMem    [256M] Singularity mksquashfs memory cap
 * @param nvidiaGpuSupport [false] CUDA driver and container toolkit
 * @param workdir          [/tmp] upload folder on the build VM
 * @param arvadosAptUrl    [https://apt.arvados.org]
 * @param arvadosAptKeyUrl [https://apt.arvados.org/pubkey.gpg]
 * @param dockerSource     [docker-ce] docker-ce (Docker's repository) | docker.io (Debian's package)
 * @param onError          [cleanup] what packer does with a failed build (-on-error)
 * @param versions         [{@link SoftwareVersions#TARGET}'s] the versions of the image's software
 * @param crunchRun        [true] install the crunch-run package (what a cluster that sets DeployRunnerBinary empty
 *                         runs; otherwise the dispatcher deploys its own)
 */
public record ImageSpec(
        String clusterId,
        Path publicKeyFile,
        RequiredKey requiredKey,
        String adminUsername,
        String sshUser,
        Integer sshPort,
        String resolver,
        List<String> hosts,
        String repoSuffix,
        Boolean pinPackages,
        String runtimeEngine,
        String mksquashfsMem,
        Boolean nvidiaGpuSupport,
        String workdir,
        String arvadosAptUrl,
        String arvadosAptKeyUrl,
        String dockerSource,
        OnError onError,
        SoftwareVersions versions,
        Boolean crunchRun) {

    public static final String DEFAULT_ADMIN_USERNAME = "crunch";
    public static final int DEFAULT_SSH_PORT = 22;
    public static final String DEFAULT_RUNTIME_ENGINE = "docker";
    public static final String DEFAULT_MKSQUASHFS_MEM = "256M";
    public static final String DEFAULT_WORKDIR = "/tmp";
    public static final String DEFAULT_APT_URL = "https://apt.arvados.org";
    public static final String DEFAULT_APT_KEY_URL = "https://apt.arvados.org/pubkey.gpg";
    public static final String DEFAULT_DOCKER_SOURCE = "docker-ce";

    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[KMG]");
    private static final Pattern REPO_SUFFIX = Pattern.compile("(-[a-z0-9]+)?");
    /** Absolute, of plain characters, and no {@code ..} segment (the provisioning runs as root from there). */
    private static final Pattern WORKDIR = Pattern.compile("(?!.*(?:^|/)\\.\\.(?:/|$))/[A-Za-z0-9._/-]*");

    public ImageSpec {
        adminUsername = orDefault(adminUsername, DEFAULT_ADMIN_USERNAME);
        sshUser = blankToNull(sshUser);
        sshPort = sshPort == null ? DEFAULT_SSH_PORT : sshPort;
        resolver = blankToNull(resolver);
        hosts = hosts == null ? List.of() : hosts.stream().filter(Checks::present).map(String::trim).toList();
        repoSuffix = repoSuffix == null ? "" : repoSuffix.trim();
        pinPackages = pinPackages != null ? pinPackages : !"-dev".equals(repoSuffix);
        runtimeEngine = orDefault(runtimeEngine, DEFAULT_RUNTIME_ENGINE);
        mksquashfsMem = orDefault(mksquashfsMem, DEFAULT_MKSQUASHFS_MEM);
        nvidiaGpuSupport = nvidiaGpuSupport != null && nvidiaGpuSupport;
        workdir = orDefault(workdir, DEFAULT_WORKDIR);
        arvadosAptUrl = orDefault(arvadosAptUrl, DEFAULT_APT_URL);
        arvadosAptKeyUrl = orDefault(arvadosAptKeyUrl, DEFAULT_APT_KEY_URL);
        dockerSource = orDefault(dockerSource, DEFAULT_DOCKER_SOURCE);
        onError = onError == null ? OnError.CLEANUP : onError;
        versions = (versions == null ? SoftwareVersions.DEFAULTS : versions).withDefaults(dockerSource);
        crunchRun = crunchRun == null || crunchRun;
    }

    /** Every problem with these settings (empty when they are usable). */
    public List<String> problems() {
        Problems problems = new Problems();
        String cluster = element("clusterId");
        Checks.required(problems, cluster, clusterId, "the 5-character cluster ID, e.g. zzzzz");
        Checks.matches(problems, cluster, clusterId, Identifiers.CLUSTER_ID,
                "a cluster ID is 5 lowercase letters or digits, e.g. zzzzz");
        Checks.matches(problems, element("adminUsername"), adminUsername, Identifiers.USER_NAME,
                "a Linux user name: lowercase letters, digits, _ and -, starting with a letter or _");
        Checks.matches(problems, element("sshUser"), sshUser, Identifiers.USER_NAME,
                "a Linux user name the base image accepts for SSH (e.g. admin, debian, packer)");
        problems.check(sshPort >= 1 && sshPort <= 65535, element("sshPort") + " must be a TCP port, 1 to 65535");
        if (resolver != null) {
            problems.check(Checks.isIpAddress(resolver), element("resolver")
                    + " must be an IP address (the DNS server baked into the image), e.g. 10.0.0.2");
        }
        for (int i = 0; i < hosts.size(); i++) {
            problems.check(Checks.isHostsLine(hosts.get(i)), element("hosts") + " entry " + (i + 1)
                    + " must be an IP address followed by one or more host names, e.g. 10.20.30.40 zzzzz.example.com");
        }
        Checks.matches(problems, element("repoSuffix"), repoSuffix, REPO_SUFFIX,
                "leave it empty for releases or set -dev for the development suites");
        Checks.oneOf(problems, element("runtimeEngine"), runtimeEngine, List.of("docker", "singularity"));
        Checks.matches(problems, element("mksquashfsMem"), mksquashfsMem, MEMORY,
                "a size like 256M or 2G (number then K, M or G)");
        Checks.matches(problems, element("workdir"), workdir, WORKDIR,
                "an absolute path of letters, digits, '.', '_', '-' and '/' without '..', e.g. /tmp");
        problems.check(Checks.isAptUrl(arvadosAptUrl), element("arvadosAptUrl")
                + " must be an http, https or file URL of the Arvados apt repository, e.g. " + DEFAULT_APT_URL);
        problems.check(Checks.isAptUrl(arvadosAptKeyUrl), element("arvadosAptKeyUrl")
                + " must be an http, https or file URL of the repository signing key, e.g. " + DEFAULT_APT_KEY_URL);
        Checks.oneOf(problems, element("dockerSource"), dockerSource, List.of("docker-ce", "docker.io"));
        versions.check(problems);
        checkDockerServesCrunchRun(problems);
        return problems.list();
    }

    /** The distribution's docker.io serves a Docker API too old for crunch-run from Arvados 3.2.1 on. */
    private void checkDockerServesCrunchRun(Problems problems) {
        if (!"docker".equals(runtimeEngine) || !"docker.io".equals(dockerSource)) {
            return;
        }
        String needed = CrunchRunDockerApi.needed(versions.arvados());
        // The dispatcher deploys the cluster's own crunch-run, so the cluster's release is what counts; the
        // image's arvadosVersion is the plugin's only sign of it.
        problems.check(CrunchRunDockerApi.serves(CrunchRunDockerApi.DEBIAN_DOCKER_IO, needed),
                element("dockerSource") + " docker.io cannot run the containers of " + element("arvadosVersion")
                        + " '" + versions.arvados() + "' (default " + SoftwareVersions.TARGET.arvados()
                        + "): crunch-run calls Docker API " + CrunchRunDockerApi.FROM_3_2_1 + " from Arvados 3.2.1 on ("
                        + CrunchRunDockerApi.BEFORE_3_2_1 + " before), and Debian's docker.io serves 1.41 (Debian 12) or "
                        + CrunchRunDockerApi.DEBIAN_DOCKER_IO + " (Debian 13); use <dockerSource>docker-ce</dockerSource>"
                        + " (the default), or, for a cluster before 3.2.1, set <arvadosVersion> to its release, e.g. 3.1.2");
    }
}
