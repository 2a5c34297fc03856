package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;

/**
 * The image update-config writes.
 *
 * @param imageId what Containers.CloudVMs.ImageID takes (a gallery's image definition for a gallery version)
 * @param record  the ledger's record of it, which then says everything about it; null for a given ID
 */
record ChosenImage(String imageId, ImageRecord record) {
    boolean fromLedger() {
        return record != null;
    }

    /** The Azure Compute Gallery version, or null for an image of its own (or one the ledger does not know). */
    ImageRecord.Gallery gallery() {
        return record == null ? null : record.gallery();
    }

    /** What the image was built with, or null where the ledger does not say (a given ID, an earlier entry). */
    ImageRecord.BuiltWith builtWith() {
        return record == null ? null : record.builtWith();
    }
}
