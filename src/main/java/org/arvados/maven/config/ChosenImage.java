package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.LedgerEntry;

/**
 * The image update-config writes.
 *
 * @param imageId what Containers.CloudVMs.ImageID takes (a gallery's image definition for a gallery version)
 * @param entry   the ledger's entry of it, which then says everything about it; null for a given ID
 */
record ChosenImage(String imageId, LedgerEntry entry) {
    boolean fromLedger() {
        return entry != null;
    }

    /** The Azure Compute Gallery version, or null for an image of its own (or one the ledger does not know). */
    ImageRecord.Gallery gallery() {
        return entry == null ? null : entry.gallery();
    }

    /** What the image was built with, or null where the ledger does not say (a given ID, an earlier entry). */
    ImageRecord.BuiltWith builtWith() {
        return entry == null ? null : entry.builtWith();
    }
}
