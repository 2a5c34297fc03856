/**
 * prune-images: which ledger images to keep (the newest, the one config.yml uses, the newest that passed
 * cloudtest, the young), and deleting the others from their cloud, recording in the ledger what is gone.
 */
package org.arvados.maven.prune;
