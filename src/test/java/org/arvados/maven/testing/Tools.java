package org.arvados.maven.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tests that need a system tool (sshd, packer, shellcheck, debootstrap) skip where it is absent, unless
 * {@code -Darvados.it.requireTools=true} (set by .ci/run) turns the skip into a failure.
 */
public final class Tools {
    private Tools() {
    }

    public static boolean required() {
        return Boolean.getBoolean("arvados.it.requireTools");
    }

    /** The tool's path; skips (or fails under the CI flag) when it is not installed. */
    public static Path require(String name, String... extraDirs) {
        Optional<Path> found = find(name, extraDirs);
        if (found.isEmpty()) {
            skipOrFail(name + " is not installed");
        }
        return found.orElseThrow();
    }

    /** Skips the test with {@code reason}, or fails it when tools are required. */
    public static void skipOrFail(String reason) {
        if (required()) {
            throw new AssertionError(reason + " (arvados.it.requireTools=true)");
        }
        Assumptions.abort(reason);
    }

    public static Optional<Path> find(String name, String... extraDirs) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:" + String.join(":", extraDirs);
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
