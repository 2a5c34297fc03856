package org.arvados.maven.config;

import org.arvados.maven.ledger.ImageRecord;

/**
 * The image update-config writes.
 *
 * @param imageId    what Containers.CloudVMs.ImageID takes (a gallery's image definition for a gallery version)
 * @param fromLedger whether it is the ledger's record (which then says everything about it), not a given ID
 * @param gallery    the Azure Compute Gallery version, or null for an image of its own
 */
record ChosenImage(String imageId, boolean fromLedger, ImageRecord.Gallery gallery) {
}
