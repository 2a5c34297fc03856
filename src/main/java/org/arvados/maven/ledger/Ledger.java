package org.arvados.maven.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Json;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every image built for an ops repository, oldest first, in one JSON document
 * ({@code {"images": [...]}}) meant to be committed. It survives {@code mvn clean}; the up-to-date
 * check and update-config read it.
 */
public final class Ledger {
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final Path file;
    private final List<ImageRecord> images;

    private Ledger(Path file, List<ImageRecord> images) {
        this.file = file;
        this.images = List.copyOf(images);
    }

    /** Reads the ledger; a missing file is an empty ledger, a broken one an error naming the file. */
    public static Ledger read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("<ledgerFile> (arvados.ledgerFile): " + file + " is a folder; point it at"
                    + " a file, e.g. ${project.basedir}/arvados-images.json.");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Ledger(file, List.of());
        }
        Document document;
        try {
            JsonToken first = firstToken(bytes);
            if (first != null && first != JsonToken.START_OBJECT) {
                throw new InvalidInputException("The image ledger " + file + " is a JSON " + kind(first)
                        + ", not an object {\"images\": [...]}: fix it by hand or restore it from version control"
                        + " (arvados.ledgerFile).");
            }
            document = first == null ? null : Json.read(bytes, Document.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException("The image ledger " + file + " is not valid JSON (" + e.getOriginalMessage()
                    + where + "): fix it by hand or restore it from version control (arvados.ledgerFile).");
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16 or UTF-32 from NUL bytes; such a file is not the UTF-8 JSON the ledger is.
            throw new InvalidInputException("The image ledger " + file + " is not UTF-8 JSON text (" + e.getMessage()
                    + "): fix it by hand or restore it from version control (arvados.ledgerFile).");
        }
        List<ImageRecord> images = document == null || document.images() == null ? List.of() : document.images();
        for (int i = 0; i < images.size(); i++) {
            ImageRecord image = images.get(i);
            List<String> missing = image == null ? List.of("cloud", "clusterId", "imageId", "builtAt")
                    : missingKeys(image);
            if (!missing.isEmpty()) {
                throw new InvalidInputException("The image ledger " + file + ": entry " + (i + 1) + " lacks "
                        + String.join(", ", missing) + ": fix it by hand or restore it from version control.");
            }
        }
        return new Ledger(file, images);
    }

    /** The document's first token; null for an empty file (or one of white space alone). */
    private static JsonToken firstToken(byte[] bytes) throws IOException {
        try (JsonParser parser = JSON_FACTORY.createParser(bytes)) {
            return parser.nextToken();
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    /** Which of the fields every reader of an entry needs it lacks. */
    private static List<String> missingKeys(ImageRecord image) {
        List<String> missing = new ArrayList<>();
        if (image.cloud() == null) {
            missing.add("cloud");
        }
        if (image.clusterId() == null) {
            missing.add("clusterId");
        }
        if (image.imageId() == null) {
            missing.add("imageId");
        }
        if (image.builtAt() == null) {
            missing.add("builtAt");
        }
        return missing;
    }

    public Path file() {
        return file;
    }

    public List<ImageRecord> images() {
        return images;
    }

    /** The most recent build for this cloud and cluster. */
    public Optional<ImageRecord> latest(String cloud, String clusterId) {
        return images.stream()
                .filter(image -> image.isFor(cloud, clusterId))
                .max(Comparator.comparing(ImageRecord::builtAt));
    }

    /** The entry of {@code image}'s build as the file holds it now, its duplicates merged into it; empty when gone. */
    public Optional<ImageRecord> current(ImageRecord image) throws IOException {
        return read(file).images().stream().filter(image::isSameBuild).reduce(ImageRecord::mergedWith);
    }

    /** The clouds that have images for this cluster, sorted. */
    public Collection<String> cloudsFor(String clusterId) {
        TreeSet<String> clouds = new TreeSet<>();
        images.stream().filter(image -> image.clusterId().equals(clusterId)).forEach(image -> clouds.add(image.cloud()));
        return clouds;
    }

    /**
     * Appends {@code image} and writes the ledger atomically; returns the new ledger. The file is read
     * again under a lock first: another build may have appended while this one ran (builds take hours).
     */
    public Ledger append(ImageRecord image) throws IOException {
        return rewrite(all -> all.add(image));
    }

    /**
     * Replaces every entry of {@code image}'s build ({@link ImageRecord#isSameBuild}; a merged ledger can hold it
     * twice) with {@code change} applied to the entry as it is on disk now, under the ledger's lock, so that a change
     * made meanwhile by another run is kept; returns the new ledger.
     *
     * @throws EntryGoneException when no entry of that build is left
     */
    public Ledger update(ImageRecord image, java.util.function.UnaryOperator<ImageRecord> change) throws IOException {
        return rewrite(all -> {
            boolean found = false;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).isSameBuild(image)) {
                    all.set(i, change.apply(all.get(i)));
                    found = true;
                }
            }
            if (!found) {
                throw new EntryGoneException("The image ledger " + file + " no longer holds " + image.imageId()
                        + " (" + image.cloud() + ", cluster " + image.clusterId() + ", built " + image.builtAt() + "): restore it"
                        + " from version control.");
            }
        });
    }

    /** The entry to change was removed from the ledger file (by hand, or by a checkout) while this run used it. */
    public static final class EntryGoneException extends InvalidInputException {
        EntryGoneException(String message) {
            super(message);
        }
    }

    /** Edits the entries as they are on disk, under the ledger's lock, and writes them atomically. */
    private Ledger rewrite(java.util.function.Consumer<List<ImageRecord>> edit) throws IOException {
        // Through a symbolic link to the file it names: the link stays, and projects sharing the ledger share its lock.
        Path target = target(file);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path lockFile = parent.resolve("." + target.getFileName() + ".lock");
        synchronized (Ledger.class) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                List<ImageRecord> all = new ArrayList<>(read(target).images());
                edit.accept(all);
                AtomicFiles.write(target, Json.write(new Document(all)), modeOf(target));
                return new Ledger(file, all);
            }
        }
    }

    /**
     * Fails, naming {@code <ledgerFile>}, when the ledger could not be replaced (its folder refuses new files, the
     * file itself refuses to be replaced, or it is no file): checked before a build, which costs money, rather than
     * after it. {@code notDone} says what the caller therefore did not do, e.g. "nothing was built".
     */
    public void checkWritable(String notDone) {
        try {
            Path target = target(file);
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                throw new IOException("not a regular file");
            }
            Files.createDirectories(target.getParent());
            AtomicFiles.checkCanReplace(target);
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException("<ledgerFile> (arvados.ledgerFile): cannot write " + file + " ("
                    + describe(e) + "); the result could not be recorded, so " + notDone + ". Make it writable or"
                    + " point ledgerFile elsewhere.");
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage();
    }

    /** The file a symbolic link (or chain of them) names; the path itself otherwise. */
    private static Path target(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops == 40) {
                throw new InvalidInputException("<ledgerFile> (arvados.ledgerFile): " + path + " is a loop of"
                        + " symbolic links.");
            }
            current = current.getParent().resolve(Files.readSymbolicLink(current)).normalize();
        }
        return current;
    }

    /** An existing ledger keeps its mode (a 0444 one stays 0444); a new one is 0644. */
    private static Set<PosixFilePermission> modeOf(Path target) throws IOException {
        return Files.exists(target) && AtomicFiles.supportsPosix(target)
                ? Files.getPosixFilePermissions(target) : AtomicFiles.PUBLIC;
    }

    /** Writes one record as its own JSON file ({@code <cloud>-image.json}). */
    public static void writeRecord(Path target, ImageRecord image) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFiles.write(target, Json.write(image), AtomicFiles.PUBLIC);
    }

    public static ImageRecord readRecord(Path file) throws IOException {
        return Json.read(Files.readAllBytes(file), ImageRecord.class);
    }

    record Document(List<ImageRecord> images) {
    }
}
