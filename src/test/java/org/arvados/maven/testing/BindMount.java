package org.arvados.maven.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file bind-mounted onto itself ({@code mount --bind [-o ro] file file}) for as long as this is open, as a CI
 * container mounts one file: it cannot be renamed over (EBUSY), and a read-only one not opened for writing (EROFS).
 * Skips the test where mounting is not allowed (not root, or a container without CAP_SYS_ADMIN).
 */
public final class BindMount implements AutoCloseable {
    private final Path path;

    private BindMount(Path path) {
        this.path = path;
    }

    public static BindMount onItself(Path file, boolean readOnly) throws IOException, InterruptedException {
        String options = readOnly ? "bind,ro" : "bind";
        Assumptions.assumeTrue(run("mount", "-o", options, file.toString(), file.toString()) == 0,
                "mount --bind works here");
        return new BindMount(file);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", path.toString());
    }
}
