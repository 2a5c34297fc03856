package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.packer.PackerPlugin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that differs between clouds, in one small class per cloud (holding that cloud's settings),
 * so the render -> packer -> record pipeline never branches on the cloud.
 */
public interface CloudImage {
    Cloud cloud();

    /** aws, azure or gcp: the output folder, the CLOUD variable and the record's cloud. */
    default String name() {
        return cloud().id();
    }

    /** User packer logs in as when {@link ImageSpec#sshUser()} is not given. */
    String defaultSshUser();

    /** The plugin packer 1.10+ takes this cloud's builder from, at the pinned version. */
    PackerPlugin plugin();

    /** Where a real build's credentials can come from, for a dry run to say what a build would need. */
    String credentialSources();

    /**
     * Every problem with this cloud's settings but the credentials' source, each naming its POM element and the
     * fix.
     */
    List<String> problems();

    /**
     * The problems of where the credentials come from (a secrets file that is not there, two sources given), found
     * before reading them, which would only repeat the problem.
     */
    default List<String> credentialSourceProblems() {
        return List.of();
    }

    /**
     * This cloud's packer user variables (name -> value, all non-secret). They override the shared
     * ones of the same name (e.g. aws_ebs_autoscale).
     */
    Map<String, String> variables(ImageSpec spec);

    /**
     * Packer's builder object: {@code {{user `...`}}} references for values, literal structure (lists,
     * optional keys) for the rest. Secrets appear only as {@code {{user}}} references to variables whose
     * defaults read the environment, declared in {@link #environmentVariables()}.
     */
    Map<String, Object> builder(ImageSpec spec, PackerRelease packer);

    /**
     * What a build with {@code packer} cannot do because that release's builder does not know or honour the
     * key, each saying why and what makes up for it; empty when nothing is missing. Logged as warnings.
     */
    default List<String> limitations(PackerRelease packer) {
        return List.of();
    }

    /**
     * Variables that differ from one build to the next without changing what the image holds (an image
     * version derived from the build time): in the var file, not in the inputs hash.
     */
    default Map<String, String> runVariables(Instant buildTime) {
        return Map.of();
    }

    /** The instance profile the image's workers need (DriverParameters.IAMInstanceProfile), or null. */
    default String workerInstanceProfile() {
        return null;
    }

    /** Where the build also published the image besides {@link #locate}'s image, from the run's variables. */
    default Optional<ImageRecord.Gallery> gallery(Map<String, String> variables) {
        return Optional.empty();
    }

    /**
     * Template variables whose default comes from packer's environment ({@code {{env `NAME`}}}), e.g.
     * arm_client_secret -> ARM_CLIENT_SECRET. Empty for clouds whose SDK reads the environment itself.
     */
    default Map<String, String> environmentVariables() {
        return Map.of();
    }

    /** Names of the environment variables in {@link #packerEnvironment} whose values are secret. */
    Set<String> secretEnvironmentNames();

    /**
     * The environment packer needs for a build (credentials, profile). Only for packer's process: never
     * a file, argument or log. Throws {@link org.arvados.maven.common.InvalidInputException} when the
     * secrets file is unreadable or lacks a required name.
     *
     * @param server the settings.xml server named by serverId (null when serverId is not set)
     */
    Map<String, String> packerEnvironment(ServerCredentials server);

    /** The secret values in {@code environment} (from {@link #packerEnvironment}), for a SecretMasker. */
    default Set<String> secretValues(Map<String, String> environment) {
        Set<String> values = new java.util.TreeSet<>();
        environment.forEach((name, value) -> {
            if (secretEnvironmentNames().contains(name) && value != null && !value.isEmpty()) {
                values.add(value);
            }
        });
        return values;
    }

    /** Extra files for scripts/ (name -> content), e.g. ebs-autoscale.json. */
    default Map<String, String> extraScripts(ImageSpec spec) {
        return Map.of();
    }

    /** Files beside the cloud folders in the output directory (name -> content), e.g. an IAM policy. */
    default Map<String, String> sideFiles() {
        return Map.of();
    }

    /** Every name {@link #sideFiles()} may use, so a stale one from an earlier render is removed. */
    default Set<String> sideFileNames() {
        return Set.of();
    }

    /** Turns packer's artifact ID into what the image record holds. */
    ImageLocation locate(String artifactId);

    /** The build region (AWS), location (Azure) or zone (GCP). */
    String region();
}
