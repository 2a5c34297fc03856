package org.arvados.maven.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The stand-ins for packer and arvados-server in src/test/resources, wrapped to run with test-chosen settings. */
public final class StandIns {
    public static final Path PACKER = Path.of("src/test/resources/packer-standin/packer").toAbsolutePath();
    public static final Path ARVADOS_SERVER = Path.of("src/test/resources/arvados-server-standin/arvados-server")
            .toAbsolutePath();

    private StandIns() {
    }

    /**
     * A script in {@code dir} that runs {@code standIn} recording into {@code recordDir}, with {@code settings}
     * (NAME=VALUE) exported: the plugin starts its children with its own environment, which a test cannot change.
     */
    public static Path wrapped(Path standIn, Path dir, Path recordDir, String... settings) throws IOException {
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexport STANDIN_RECORD_DIR='" + recordDir + "'\n");
        for (String setting : settings) {
            script.append("export ").append(setting).append('\n');
        }
        script.append("exec '").append(standIn).append("' \"$@\"\n");
        Path file = Files.createTempFile(dir, standIn.getFileName().toString(), ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(file, script);
        return file;
    }
}
