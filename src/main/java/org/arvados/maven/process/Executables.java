package org.arvados.maven.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program as a shell would: a name with a slash is a path, a bare name is searched on PATH. */
public final class Executables {
    private Executables() {
    }

    public static Optional<Path> find(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name).toAbsolutePath();
            return isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** How an error says where it looked: "there is no executable file /x/y" or "no executable 'y' is on the PATH". */
    public static String whereLooked(String name) {
        return name.contains("/") ? "there is no executable file " + Path.of(name).toAbsolutePath()
                : "no executable '" + name + "' is on the PATH";
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
