package org.arvados.maven.image;

import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * provision.sh checks the whole environment contract before it changes anything. Safe to run on the host: WORKDIR
 * never holds dispatcher.pub here, so even a fully valid environment stops at that check.
 */
class ProvisionEnvironmentTest {
    @TempDir
    Path workdir;

    @Test
    void aValidEnvironmentPassesEveryCheckUpToTheMissingKey() throws Exception {
        Run run = provision(Map.of());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("dispatcher.pub (the dispatcher's public key) is missing")
                .doesNotContain("expected");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CLOUD              | openstack  | CLOUD='openstack': expected aws, azure or gcp",
        "CLUSTER_ID         | ZZZZZ      | CLUSTER_ID='ZZZZZ': expected 5 lowercase letters/digits",
        "ADMIN_USERNAME     | 1crunch    | ADMIN_USERNAME='1crunch' is not a valid user name",
        "SSH_PORT           | 70000      | SSH_PORT='70000': expected a port number 1-65535",
        "RESOLVER           | dns.local  | RESOLVER='dns.local': expected an IP address",
        "REPO_SUFFIX        | dev        | REPO_SUFFIX='dev': expected empty or like -dev",
        "PIN_PACKAGES       | yes        | PIN_PACKAGES='yes': expected true or false",
        "RUNTIME_ENGINE     | podman     | RUNTIME_ENGINE='podman': expected docker or singularity",
        "MKSQUASHFS_MEM     | lots       | MKSQUASHFS_MEM='lots': expected a size like 256M",
        "NVIDIA_GPU_SUPPORT | 1          | NVIDIA_GPU_SUPPORT='1': expected true or false",
        "AWS_EBS_AUTOSCALE  | on         | AWS_EBS_AUTOSCALE='on': expected true or false",
        "DOCKER_SOURCE      | podman     | DOCKER_SOURCE='podman': expected docker-ce or docker.io",
        "CRUNCH_RUN         | yes        | CRUNCH_RUN='yes': expected true or false",
        "ARVADOS_VERSION    | -3.2       | ARVADOS_VERSION='-3.2': expected empty or an apt version pattern",
        "DOCKER_VERSION     | 5:28 .*    | DOCKER_VERSION='5:28 .*': expected empty or an apt version pattern",
        "SINGULARITY_VERSION| 3.10.*     | SINGULARITY_VERSION='3.10.*': expected a release like 3.10.4",
    })
    void aBadValueIsRejectedByName(String variable, String value, String message) throws Exception {
        Run run = provision(Map.of(variable, value));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "debian | 12    | bookworm",
        "debian | 13    | trixie",
        "ubuntu | 22.04 | jammy",
        "ubuntu | 24.04 | noble",
    })
    void aSupportedBaseReleasePassesTheReleaseCheck(String id, String version, String codename) throws Exception {
        Run run = provision(Map.of("OS_RELEASE_FILE", osRelease(id, version, codename).toString()));

        assertThat(run.output()).doesNotContain("unsupported base image").contains("dispatcher.pub");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "debian | 11    | bullseye",
        "debian | 14    | forky",
        "ubuntu | 20.04 | focal",
        "fedora | 41    | ''",
    })
    void anUnsupportedBaseReleaseStopsTheProvisioningFirst(String id, String version, String codename) throws Exception {
        // Every other check would fail too: the release is checked before anything else.
        Run run = provision(Map.of("OS_RELEASE_FILE", osRelease(id, version, codename).toString(), "CLOUD", "openstack"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output().strip()).isEqualTo("ERROR: [provision] unsupported base image: " + id + " " + version
                + " release (ID=" + id + " VERSION_ID=" + version + " in " + workdir.resolve("os-release")
                + "); supported: debian 12, debian 13, ubuntu 22.04, ubuntu 24.04; choose a source image of one of these");
    }

    private Path osRelease(String id, String version, String codename) throws IOException {
        return Files.writeString(workdir.resolve("os-release"), "PRETTY_NAME=\"" + id + " " + version
                + " release\"\nID=" + id + "\nVERSION_ID=\"" + version + "\"\nVERSION_CODENAME=" + codename + "\n");
    }

    @Test
    void ebsAutoscaleNeedsAwsAndItsConfig() throws Exception {
        assertThat(provision(Map.of("AWS_EBS_AUTOSCALE", "true")).output())
                .contains("AWS_EBS_AUTOSCALE=true needs CLOUD=aws");
        assertThat(provision(Map.of("AWS_EBS_AUTOSCALE", "true", "CLOUD", "aws")).output())
                .contains("ebs-autoscale.json is missing");
    }

    @Test
    void anUnknownPhaseIsRejectedFirst() throws Exception {
        Run run = run(validEnvironment(), "upgrade");

        assertThat(run.output().strip()).isEqualTo(
                "ERROR: [provision] unknown phase 'upgrade': expected all, before-reboot, reboot or after-reboot");
    }

    @Test
    void anUnsetContractVariableIsNamed() throws Exception {
        Map<String, String> env = validEnvironment();
        env.remove("MKSQUASHFS_MEM");

        assertThat(run(env).output()).contains("environment variable MKSQUASHFS_MEM is not set");
    }

    private record Run(int exitCode, String output) {
    }

    private Run provision(Map<String, String> overrides) throws Exception {
        Map<String, String> env = validEnvironment();
        env.putAll(overrides);
        return run(env);
    }

    private Map<String, String> validEnvironment() throws IOException {
        Files.writeString(workdir.resolve("hosts"), "");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLOUD", "gcp");
        env.put("CLUSTER_ID", "zzzzz");
        env.put("ADMIN_USERNAME", "crunch");
        env.put("WORKDIR", workdir.toString());
        env.put("SSH_PORT", "22");
        env.put("RESOLVER", "");
        env.put("REPO_SUFFIX", "");
        env.put("PIN_PACKAGES", "true");
        env.put("RUNTIME_ENGINE", "docker");
        env.put("MKSQUASHFS_MEM", "256M");
        env.put("NVIDIA_GPU_SUPPORT", "false");
        env.put("AWS_EBS_AUTOSCALE", "false");
        env.put("CRUNCH_RUN", "false");
        env.put("SINGULARITY_VERSION", "3.10.4");
        for (String version : List.of("ARVADOS_VERSION", "DOCKER_VERSION", "CONTAINERD_VERSION",
                "NVIDIA_DRIVER_VERSION", "NVIDIA_TOOLKIT_VERSION")) {
            env.put(version, "");
        }
        return env;
    }

    private Run run(Map<String, String> env, String... arguments) throws Exception {
        assertThat(workdir.resolve("dispatcher.pub")).as("keeps provision.sh from going past its checks").doesNotExist();
        List<String> command = new java.util.ArrayList<>(List.of(Tools.require("bash").toString(),
                "templates/scripts/provision.sh"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
