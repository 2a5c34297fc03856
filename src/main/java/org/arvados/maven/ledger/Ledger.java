package org.arvados.maven.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.JsonMappers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every image built for an ops repository, oldest first, in one JSON document
 * ({@code {"images": [...]}}) meant to be committed. It survives {@code mvn clean}; the up-to-date
 * check and update-config read it.
 */
public final class Ledger {
    private static final ObjectMapper JSON = JsonMappers.JSON;

    private final Path file;
    private final List<ImageRecord> images;

    private Ledger(Path file, List<ImageRecord> images) {
        this.file = file;
        this.images = List.copyOf(images);
    }

    /** Reads the ledger; a missing file is an empty ledger, a broken one an error naming the file. */
    public static Ledger read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Ledger(file, List.of());
        }
        Document document;
        try {
            document = JSON.readValue(bytes, Document.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException("The image ledger " + file + " is not valid JSON (" + e.getOriginalMessage()
                    + where + "): fix it by hand or restore it from version control (arvados.ledgerFile).");
        }
        List<ImageRecord> images = document == null || document.images() == null ? List.of() : document.images();
        for (int i = 0; i < images.size(); i++) {
            ImageRecord image = images.get(i);
            if (image == null || image.cloud() == null || image.clusterId() == null || image.imageId() == null
                    || image.builtAt() == null) {
                throw new InvalidInputException("The image ledger " + file + ": entry " + (i + 1) + " lacks cloud,"
                        + " clusterId, imageId or builtAt: fix it by hand or restore it from version control.");
            }
        }
        return new Ledger(file, images);
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
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path lockFile = parent.resolve("." + file.getFileName() + ".lock");
        synchronized (Ledger.class) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                List<ImageRecord> all = new ArrayList<>(read(file).images());
                all.add(image);
                AtomicFiles.write(file, toJson(new Document(all)), AtomicFiles.PUBLIC);
                return new Ledger(file, all);
            }
        }
    }

    /** Writes one record as its own JSON file ({@code <cloud>-image.json}). */
    public static void writeRecord(Path target, ImageRecord image) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFiles.write(target, toJson(image), AtomicFiles.PUBLIC);
    }

    public static ImageRecord readRecord(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ImageRecord.class);
    }

    private static String toJson(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value) + "\n";
    }

    record Document(List<ImageRecord> images) {
    }
}
