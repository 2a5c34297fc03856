package org.arvados.maven.prune;

import org.arvados.maven.ledger.ImageRecord;

import java.io.IOException;
import java.util.List;

/** One cloud's deletion calls for a built image, and what they would delete. */
public interface ImageDeleter extends AutoCloseable {
    /** What deleting {@code image} removes, as the plan shows it, without calling the cloud. */
    List<String> planned(ImageRecord image);

    /**
     * Deletes what is left of {@code image} (skipping what its {@code deleted} already lists), reporting each
     * resource to {@code progress} as soon as it is gone; a resource already gone counts as pruned.
     *
     * @throws CloudCallException naming the call that failed
     */
    void delete(ImageRecord image, Progress progress) throws IOException;

    @Override
    void close();

    /** How a message names a ledger entry, e.g. {@code The ledger entry of ami-1 (aws, built 2026-01-10T09:00:00Z)}. */
    static String entry(ImageRecord image) {
        return "The ledger entry of " + image.imageId() + " (" + image.cloud() + ", built " + image.builtAt() + ")";
    }

    /** Where a deleter reports each resource it deleted, e.g. {@code us-east-1:snap-0123}. */
    @FunctionalInterface
    interface Progress {
        void deleted(String resource) throws IOException;
    }
}
