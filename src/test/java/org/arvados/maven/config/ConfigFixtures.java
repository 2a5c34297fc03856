package org.arvados.maven.config;

import org.arvados.maven.common.BuildLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared by the config tests: fixture files, a request builder and a log that records. */
final class ConfigFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    private ConfigFixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(ConfigFixtures.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String name) {
        try {
            return Files.readString(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture into {@code dir} as config.yml. */
    static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve("config.yml");
        Files.writeString(target, read(name));
        return target;
    }

    /** A request for cluster zzzzz with an explicit AMI, everything optional off; change what a test needs. */
    static Request request(Path config) {
        return new Request(config);
    }

    static final class Request {
        Path config;
        String clusterId = "zzzzz";
        String cloud = "aws";
        String imageId = "ami-0123456789abcdef0";
        String adminUsername = "crunch";
        Integer sshPort;
        String dispatchPrivateKey;
        Boolean ebsAutoscale;
        String iamInstanceProfile;
        String includedScratch = "16TB";
        boolean dryRun;
        boolean backup;
        Path ledger;
        boolean requireCloudtest;

        Request(Path config) {
            this.config = config;
            this.ledger = config.resolveSibling("arvados-images.json");
        }

        ConfigUpdateRequest build() {
            return new ConfigUpdateRequest(config, clusterId, cloud, imageId, adminUsername, sshPort, dispatchPrivateKey,
                    ebsAutoscale, iamInstanceProfile, includedScratch, dryRun, backup, ledger, requireCloudtest);
        }

        ConfigFileUpdater.Outcome run(BuildLog log) throws IOException {
            return new ConfigFileUpdater(log, CLOCK).update(build());
        }

        ConfigFileUpdater.Outcome run() throws IOException {
            return run(BuildLog.SILENT);
        }
    }
}
