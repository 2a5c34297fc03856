package org.arvados.maven.image;

import org.arvados.maven.common.Problems;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.arvados.maven.common.Setting.blankToNull;
import static org.arvados.maven.common.Setting.element;
import static org.arvados.maven.common.Setting.orDefault;

/**
 * The versions of the image's software the provisioning installs, so that the same POM gives the same image next
 * month too. Each is an apt version pattern: it matches a package version equal to it or to it followed by a
 * Debian revision ("3.2.1" matches 3.2.1-1), and {@code *} matches any characters ("5:28.*"), so {@code *} alone
 * is the newest version the repositories offer; the newest match is installed. Null or blank: the version of
 * {@link #TARGET}, filled in by {@link #withDefaults}. A pattern no version matches stops the build at the step
 * that installs the package, naming the parameter and the versions on offer.
 *
 * @param arvados       python3-arvados-fuse, arvados-docker-cleaner and crunch-run
 * @param docker        docker-ce and docker-ce-cli (or docker.io, with dockerSource docker.io)
 * @param containerd    containerd.io (or containerd, with dockerSource docker.io)
 * @param nvidiaDriver  cuda-drivers, NVIDIA's driver meta-package
 * @param nvidiaToolkit nvidia-container-toolkit
 * @param singularity   the Arvados repository's singularity package, else the release built from source
 */
public record SoftwareVersions(String arvados, String docker, String containerd, String nvidiaDriver,
                               String nvidiaToolkit, String singularity) {
    public static final String DEFAULT_SINGULARITY = "3.10.4";
    /** The pattern that matches every version: the newest is installed. */
    public static final String ANY = "*";
    /**
     * The Arvados release this plugin targets, with what Arvados' own image build of that release pins
     * (tools/ansible at tag 3.2.1): the defaults. Docker's and containerd's are docker-ce's and containerd.io's.
     */
    public static final SoftwareVersions TARGET = new SoftwareVersions("3.2.1", "5:28.*", "1.7.*", "580.*",
            "1.17.*", DEFAULT_SINGULARITY);
    /** Every version left to its default. */
    public static final SoftwareVersions DEFAULTS = new SoftwareVersions(null, null, null, null, null, null);

    /** Characters of Debian versions, and {@code *}; never a leading '-' (it would read as an option). */
    private static final Pattern VERSION_PATTERN = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9.+~:*-]{0,63}");
    /** A release singularity's sources are published under. */
    private static final Pattern RELEASE = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    public SoftwareVersions {
        arvados = blankToNull(arvados);
        docker = blankToNull(docker);
        containerd = blankToNull(containerd);
        nvidiaDriver = blankToNull(nvidiaDriver);
        nvidiaToolkit = blankToNull(nvidiaToolkit);
        singularity = blankToNull(singularity);
    }

    /**
     * These versions with {@link #TARGET}'s where none is given. Docker's and containerd's defaults are for
     * docker-ce; the distribution's docker.io (one upstream release per distribution release, then only its
     * security updates) defaults to {@link #ANY}.
     */
    SoftwareVersions withDefaults(String dockerSource) {
        boolean dockerCe = ImageSpec.DEFAULT_DOCKER_SOURCE.equals(dockerSource);
        return new SoftwareVersions(orDefault(arvados, TARGET.arvados),
                orDefault(docker, dockerCe ? TARGET.docker : ANY),
                orDefault(containerd, dockerCe ? TARGET.containerd : ANY),
                orDefault(nvidiaDriver, TARGET.nvidiaDriver), orDefault(nvidiaToolkit, TARGET.nvidiaToolkit),
                orDefault(singularity, TARGET.singularity));
    }

    void check(Problems problems) {
        patterns().forEach((name, value) -> Checks.matches(problems, element(name), value, VERSION_PATTERN,
                "an apt version or pattern such as 3.2.1 or 5:28.* (letters, digits, . + ~ : - and *), or * for the newest"));
        Checks.matches(problems, element("singularityVersion"), singularity, RELEASE,
                "a SingularityCE release such as " + DEFAULT_SINGULARITY);
    }

    /** POM element -> pattern, for the patterns. */
    private Map<String, String> patterns() {
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("arvadosVersion", arvados);
        patterns.put("dockerVersion", docker);
        patterns.put("containerdVersion", containerd);
        patterns.put("nvidiaDriverVersion", nvidiaDriver);
        patterns.put("nvidiaToolkitVersion", nvidiaToolkit);
        return patterns;
    }

    /** The provisioning's environment variable -> value ("" where a version is unset). */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ARVADOS_VERSION", orEmpty(arvados));
        environment.put("DOCKER_VERSION", orEmpty(docker));
        environment.put("CONTAINERD_VERSION", orEmpty(containerd));
        environment.put("NVIDIA_DRIVER_VERSION", orEmpty(nvidiaDriver));
        environment.put("NVIDIA_TOOLKIT_VERSION", orEmpty(nvidiaToolkit));
        environment.put("SINGULARITY_VERSION", orEmpty(singularity));
        return environment;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
