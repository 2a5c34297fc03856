package org.arvados.maven.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run of an image goal, as the mojo mapped it.
 *
 * @param spec           the shared settings
 * @param cloud          the cloud's settings and what differs per cloud
 * @param server         finds and decrypts the settings.xml server named by the cloud's serverId (null without
 *                       one); called only when credentials are needed, and may throw InvalidInputException
 * @param outputDirectory where {@code <cloud>/} and {@code <cloud>-image.json} go
 * @param ledgerFile     every successful build is appended here
 * @param packer         the {@code arvados.packer} parameter: a name on PATH or a path
 * @param dryRun         render and validate only
 * @param force          build even when the ledger says the image is up to date
 * @param offline        Maven runs offline (-o): a build, which needs the cloud, is refused
 * @param timeout        the build is cancelled after this
 * @param cleanupTimeout how long packer may clean up after a cancel
 * @param parameterProblems values the mojo could not even read (a bad number or duration) and conflicts between
 *                       the POM and config.yml, reported with every other problem
 */
public record ImageRequest(ImageSpec spec, CloudImage cloud, Supplier<ServerCredentials> server, Path outputDirectory,
                           Path ledgerFile, String packer, boolean dryRun, boolean force, boolean offline,
                           Duration timeout, Duration cleanupTimeout, List<String> parameterProblems) {
    public ImageRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(ledgerFile, "ledgerFile");
        server = server == null ? () -> null : server;
        parameterProblems = parameterProblems == null ? List.of() : List.copyOf(parameterProblems);
    }

    public ImageRequest(ImageSpec spec, CloudImage cloud, Supplier<ServerCredentials> server, Path outputDirectory,
                        Path ledgerFile, String packer, boolean dryRun, boolean force, boolean offline,
                        Duration timeout, Duration cleanupTimeout) {
        this(spec, cloud, server, outputDirectory, ledgerFile, packer, dryRun, force, offline, timeout, cleanupTimeout,
                List.of());
    }

    /** {@code <outputDirectory>/<cloud>-image.json}, the record of the last build. */
    public Path recordFile() {
        return outputDirectory.resolve(cloud.name() + "-image.json");
    }
}
