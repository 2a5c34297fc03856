package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.keys.KeyFormats;
import org.arvados.maven.keys.SshKey;
import org.arvados.maven.keys.UnusableKeyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an image must agree with, as a cluster's config.yml says it: the values the image goals take from
 * {@code configFile}. Each is null where config.yml does not set it.
 *
 * @param configFile    the file read
 * @param clusterId     the cluster read
 * @param runtimeEngine Containers.RuntimeEngine
 * @param adminUsername Containers.CloudVMs.DriverParameters.AdminUsername
 * @param sshPort       Containers.CloudVMs.SSHPort
 * @param dispatchKey   Containers.DispatchPrivateKey, inline or a file:/// path readable here (its public half goes
 *                      into the image); null where it is absent or cannot be read here (see warnings)
 * @param warnings      what could not be read, and what the image goal does instead
 */
public record ClusterSettings(Path configFile, String clusterId, String runtimeEngine, String adminUsername,
                              Integer sshPort, SshKey dispatchKey, List<String> warnings) {
    public ClusterSettings {
        warnings = List.copyOf(warnings);
    }

    /** Reads cluster {@code clusterId} (null: the only one) of {@code configFile}; changes nothing. */
    public static ClusterSettings read(Path configFile, String clusterId) throws IOException {
        YamlDocument doc = YamlDocument.parse(ConfigSnapshot.read(configFile).text(), configFile.toString());
        String cluster = clusterId != null ? clusterId : ConfigCheck.onlyCluster(doc);
        ConfigFileUpdater.checkCluster(doc, cluster);
        List<String> warnings = new ArrayList<>();
        return new ClusterSettings(configFile, cluster, value(doc, cluster, "Containers", "RuntimeEngine").orElse(null),
                value(doc, cluster, "Containers", "CloudVMs", "DriverParameters", "AdminUsername").orElse(null),
                sshPort(doc, cluster), dispatchKey(doc, cluster, warnings), warnings);
    }

    /** How messages name a value of this file: {@code config.yml's Clusters.zzzzz.Containers.RuntimeEngine}. */
    public String describe(String... keys) {
        return configFile.getFileName() + "'s " + dotted(clusterId, keys);
    }

    static Optional<String> value(YamlDocument doc, String cluster, String... keys) {
        return doc.scalar(path(cluster, keys)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Integer sshPort(YamlDocument doc, String cluster) {
        Optional<String> port = value(doc, cluster, "Containers", "CloudVMs", "SSHPort");
        if (port.isEmpty()) {
            return null;
        }
        try {
            int number = Integer.parseInt(port.get());
            if (number >= 1 && number <= 65535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(doc.source() + ": " + dotted(cluster, "Containers", "CloudVMs", "SSHPort") + " is "
                + port.get() + ", not a TCP port (1 to 65535); fix config.yml or leave it out for Arvados' default 22.");
    }

    private static SshKey dispatchKey(YamlDocument doc, String cluster, List<String> warnings) {
        return value(doc, cluster, "Containers", "DispatchPrivateKey").flatMap(key -> readKey(key,
                doc.source() + ": " + dotted(cluster, "Containers", "DispatchPrivateKey"),
                "the image gets the POM's public key (<keyFile> / <publicKeyFile>) instead", warnings)).orElse(null);
    }

    /**
     * The private key a DispatchPrivateKey value holds (inline) or names (a file:/// URL readable here); where it
     * cannot be read, a warning "{@code where} ...: {@code consequence}." and empty.
     */
    static Optional<SshKey> readKey(String value, String where, String consequence, List<String> warnings) {
        byte[] content;
        if (value.startsWith("file://")) {
            Path file = Path.of(value.substring("file://".length()));
            try {
                content = Files.readAllBytes(file);
            } catch (IOException | RuntimeException e) {
                warnings.add(where + " names " + file + ", which cannot be read here: " + consequence + ".");
                return Optional.empty();
            }
        } else {
            content = value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Optional.of(KeyFormats.parsePrivateKey(content));
        } catch (UnusableKeyException e) {
            warnings.add(where + " is not an OpenSSH private key the plugin can read (" + e.getMessage() + "): "
                    + consequence + ".");
            return Optional.empty();
        }
    }

    private static List<String> path(String cluster, String... keys) {
        return Stream.concat(Stream.of("Clusters", cluster), Stream.of(keys)).toList();
    }

    private static String dotted(String cluster, String... keys) {
        return String.join(".", path(cluster, keys));
    }
}
