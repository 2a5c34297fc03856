package org.arvados.maven.image;

import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files the plugin wrote in {@code <outputDirectory>/<cloud>/}, listed in that folder's {@value #LIST} so that a
 * new render removes what the last one wrote and no longer writes, and nothing else: a folder that holds files the
 * plugin did not write (an {@code <outputDirectory>} pointed at someone's folder) is refused, not emptied. A folder
 * without the list that holds only files of the names this render writes is one an earlier version of the plugin
 * wrote: it is taken over.
 */
final class RenderedFiles {
    static final String LIST = ".arvados-rendered";

    private final Path dir;
    private final Set<String> previous;

    private RenderedFiles(Path dir, Set<String> previous) {
        this.dir = dir;
        this.previous = previous;
    }

    /**
     * The folder's list from the last render; refuses a folder the plugin does not own that is not empty.
     * {@code names} are the files a render may write there, relative to the folder.
     */
    static RenderedFiles open(Path dir, Collection<String> names) throws IOException {
        Path list = dir.resolve(LIST);
        if (Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            return new RenderedFiles(dir, new TreeSet<>(Files.readAllLines(list, StandardCharsets.UTF_8)));
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Set<String> present = new TreeSet<>();
            try (Stream<Path> entries = Files.walk(dir)) {
                entries.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                        .forEach(path -> present.add(dir.relativize(path).toString()));
            }
            if (!names.containsAll(present)) {
                throw new InvalidInputException("<outputDirectory> (arvados.outputDirectory): " + dir + " holds"
                        + " files this plugin did not write; nothing was changed. Point outputDirectory at a"
                        + " folder of its own (the default is ${project.build.directory}/arvados) or empty " + dir
                        + ".");
            }
            return new RenderedFiles(dir, present);
        } else if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("<outputDirectory> (arvados.outputDirectory): " + dir
                    + " is not a folder; point outputDirectory at a folder of its own.");
        }
        return new RenderedFiles(dir, Set.of());
    }

    /**
     * Records {@code written} (paths relative to the folder) as this render's, then deletes what the last render
     * wrote and this one did not.
     */
    void replaceWith(Collection<String> written) throws IOException {
        Set<String> now = new TreeSet<>(written);
        AtomicFiles.write(dir.resolve(LIST), String.join("\n", now) + "\n", AtomicFiles.PUBLIC);
        for (String stale : previous) {
            if (!now.contains(stale) && isPlainRelative(stale)) {
                Files.deleteIfExists(dir.resolve(stale));
            }
        }
    }

    /** A list entry that stays inside the folder (the list is ours, but it sits on disk). */
    private static boolean isPlainRelative(String entry) {
        Path path = Path.of(entry).normalize();
        return !entry.isEmpty() && !path.isAbsolute() && !path.startsWith("..");
    }
}
