package org.arvados.maven.prune;

import org.arvados.maven.ledger.ImageRecord;

import java.io.IOException;
import java.util.List;

/** One cloud's deletion calls for a built image, and what they would delete. */
public interface ImageDeleter extends AutoCloseable {
    /** Far above any answer a deletion gets, far below what would exhaust Maven's heap (every cloud's calls). */
    long MAX_ANSWER_BYTES = 16L << 20;

    /** What deleting {@code image} removes, as the plan shows it, without calling the cloud. */
    List<String> planned(ImageRecord image);

    /** The ledger fields {@code image} lacks that deleting it needs (e.g. {@code region}); empty when it has them. */
    default List<String> missingFields(ImageRecord image) {
        return List.of();
    }

    /**
     * Deletes what is left of {@code image} (skipping what its {@code deleted} already lists), reporting each
     * resource to {@code progress} as soon as it is gone.
     *
     * @return what is not verified gone: each resource the cloud does not show that no deletion of it is recorded
     *         for, or that {@code progress} would not let go; empty when everything the image named is gone
     * @throws CloudCallException naming the call that failed
     */
    List<Left> delete(ImageRecord image, Progress progress) throws IOException;

    @Override
    void close();

    /** A resource not verified gone, and why. */
    record Left(String resource, String why) {
    }

    /** How a message names a ledger entry, e.g. {@code The ledger entry of ami-1 (aws, built 2026-01-10T09:00:00Z)}. */
    static String entry(ImageRecord image) {
        return "The ledger entry of " + image.imageId() + " (" + image.cloud() + ", built " + image.builtAt() + ")";
    }

    /** Where a deleter asks leave and reports, resources named as e.g. {@code us-east-1:snap-0123}. */
    interface Progress {
        /** False, having said why, for a resource a kept ledger entry or config.yml names: it must stay. */
        boolean mayDelete(String resource);

        /** Records the snapshots an image maps, before it is deregistered and the cloud forgets them. */
        void mapped(List<String> snapshots) throws IOException;

        void deleted(String resource) throws IOException;
    }
}
