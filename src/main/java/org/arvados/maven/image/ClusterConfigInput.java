package org.arvados.maven.image;

import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.Setting;
import org.arvados.maven.config.ClusterSettings;
import org.arvados.maven.keys.SshKey;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The image goals' settings that config.yml also holds, from the POM and from the cluster's config.yml
 * ({@code configFile}): each comes from whichever gives it, and a value both give must be the same.
 *
 * @param adminUsername  null: ImageSpec's default
 * @param sshPort        null: ImageSpec's default
 * @param runtimeEngine  null: ImageSpec's default
 * @param publicKeyFile  the dispatcher's public key the image gets
 * @param requiredKey    the key publicKeyFile must hold, because config.yml holds its private half; null: any key
 */
public record ClusterConfigInput(String adminUsername, Integer sshPort, String runtimeEngine, Path publicKeyFile,
                                 RequiredKey requiredKey) {
    /** Where the public half of config.yml's DispatchPrivateKey is written for the renderer. */
    static final String DERIVED_PUBLIC_KEY = "dispatcher-from-config.pub";

    /**
     * The POM's values ({@code pom}; {@code publicKeyGiven}: whether its public key was named or exists) merged
     * with config.yml's; a conflict is a problem naming both places. The public half of config.yml's key is
     * written to {@code outputDirectory} when the image is to get it; a POM key must be that key, which the image
     * check, reading it, compares.
     */
    public ClusterConfigInput withCluster(boolean publicKeyGiven, ClusterSettings cluster, Path outputDirectory,
                                          Problems problems) throws IOException {
        String admin = pick("adminUsername", adminUsername, cluster.adminUsername(),
                cluster.describe("Containers", "CloudVMs", "DriverParameters", "AdminUsername"), problems);
        Integer port = pick("sshPort", sshPort, cluster.sshPort(), cluster.describe("Containers", "CloudVMs", "SSHPort"),
                problems);
        String engine = pick("runtimeEngine", runtimeEngine, cluster.runtimeEngine(),
                cluster.describe("Containers", "RuntimeEngine"), problems);
        SshKey key = cluster.dispatchKey();
        if (key == null) {
            return new ClusterConfigInput(admin, port, engine, publicKeyFile, null);
        }
        if (publicKeyGiven) {
            return new ClusterConfigInput(admin, port, engine, publicKeyFile,
                    new RequiredKey(key.fingerprint(), cluster.describe("Containers", "DispatchPrivateKey")));
        }
        return new ClusterConfigInput(admin, port, engine, derivePublicKey(key, cluster, outputDirectory), null);
    }

    private static <T> T pick(String element, T pom, T config, String configPlace, Problems problems) {
        if (pom != null && config != null && !Objects.equals(pom, config)) {
            problems.add(Setting.element(element) + " is " + pom + " but " + configPlace + " is " + config
                    + ": the image and config.yml must agree; make them equal, or leave out <" + element + "> to take"
                    + " config.yml's");
        }
        return pom != null ? pom : config;
    }

    private static Path derivePublicKey(SshKey key, ClusterSettings cluster, Path outputDirectory) throws IOException {
        Path derived = outputDirectory.resolve(DERIVED_PUBLIC_KEY);
        AtomicFiles.createDirectories(outputDirectory, AtomicFiles.PRIVATE_DIR);
        AtomicFiles.write(derived, key.publicKeyLine("arvados-dispatch-cloud@" + cluster.clusterId()) + "\n",
                AtomicFiles.PUBLIC);
        return derived;
    }
}
