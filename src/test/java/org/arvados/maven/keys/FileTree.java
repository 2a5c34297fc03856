package org.arvados.maven.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Everything under a folder (paths, modes, bytes), to prove a refused run wrote nothing. */
final class FileTree {
    private FileTree() {
    }

    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).toString();
                String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        ? Arrays.toString(Files.readAllBytes(path)) + Files.getLastModifiedTime(path) : "dir";
                entries.put(root.relativize(path).toString(), mode + " " + content);
            }
        }
        return entries;
    }

    static String mode(Path path) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
