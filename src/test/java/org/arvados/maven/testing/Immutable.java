package org.arvados.maven.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file or folder made immutable ({@code chattr +i}) for as long as this is open: not even root may change it,
 * so refusals can be tested where permissions do not stop anyone (CI runs as root). Skips the test where the
 * filesystem has no such attribute.
 */
public final class Immutable implements AutoCloseable {
    private final Path path;

    private Immutable(Path path) {
        this.path = path;
    }

    public static Immutable make(Path path) throws IOException, InterruptedException {
        Assumptions.assumeTrue(chattr("+i", path) == 0, "chattr +i works on this filesystem");
        return new Immutable(path);
    }

    private static int chattr(String flag, Path path) throws IOException, InterruptedException {
        return new ProcessBuilder("chattr", flag, path.toString()).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        chattr("-i", path);
    }
}
