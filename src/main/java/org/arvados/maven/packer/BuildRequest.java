package org.arvados.maven.packer;

import org.arvados.maven.common.SecretMasker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code packer build}. Secrets reach packer only through {@code environment} or the var file, never
 * its command line; {@code masker} knows them all, so they are masked in every log line, packer.log and
 * error. Null optional fields take the defaults below.
 *
 * @param workDir        packer's working folder (the template's relative paths and the manifest are there)
 * @param template       the template file
 * @param varFile        the {@code -var-file} (JSON object of variable values)
 * @param onError        {@code -on-error}; default cleanup
 * @param environment    added to the inherited environment (cloud credentials)
 * @param masker         masks every secret value; default none
 * @param timeout        the build is cancelled (SIGTERM, cleanup) after this; default 2h
 * @param cleanupTimeout how long packer may take to clean up after SIGTERM before it is killed; default 15m
 * @param transcript     the masked transcript; default {@code workDir/packer.log}
 * @param cacheDir       {@code PACKER_CACHE_DIR}; default {@code workDir/packer_cache}
 */
public record BuildRequest(Path workDir, Path template, Path varFile, OnError onError,
                           Map<String, String> environment, SecretMasker masker, Duration timeout,
                           Duration cleanupTimeout, Path transcript, Path cacheDir) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);
    public static final Duration DEFAULT_CLEANUP_TIMEOUT = Duration.ofMinutes(15);
    /** Far beyond any image build (copies to many regions included), and safe in nanosecond arithmetic. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    /** Far beyond any packer cleanup; Maven waits this long for it on Ctrl-C. */
    public static final Duration MAX_CLEANUP_TIMEOUT = Duration.ofHours(24);

    public BuildRequest {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(varFile, "varFile");
        onError = onError == null ? OnError.CLEANUP : onError;
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        masker = masker == null ? SecretMasker.none() : masker;
        timeout = positiveOr(timeout, DEFAULT_TIMEOUT);
        cleanupTimeout = positiveOr(cleanupTimeout, DEFAULT_CLEANUP_TIMEOUT);
        transcript = transcript == null ? workDir.resolve("packer.log") : transcript;
        cacheDir = cacheDir == null ? workDir.resolve("packer_cache") : cacheDir;
    }

    /** A request with every default: cleanup on error, 2h timeout, 15m cleanup, packer.log in workDir. */
    public static BuildRequest of(Path workDir, Path template, Path varFile) {
        return new BuildRequest(workDir, template, varFile, null, null, null, null, null, null, null);
    }

    public BuildRequest withEnvironment(Map<String, String> newEnvironment, SecretMasker newMasker) {
        return new BuildRequest(workDir, template, varFile, onError, newEnvironment, newMasker, timeout,
                cleanupTimeout, transcript, cacheDir);
    }

    public BuildRequest withOnError(OnError newOnError) {
        return new BuildRequest(workDir, template, varFile, newOnError, environment, masker, timeout,
                cleanupTimeout, transcript, cacheDir);
    }

    public BuildRequest withTimeouts(Duration newTimeout, Duration newCleanupTimeout) {
        return new BuildRequest(workDir, template, varFile, onError, environment, masker, newTimeout,
                newCleanupTimeout, transcript, cacheDir);
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
