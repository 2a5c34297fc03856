package org.arvados.maven.prune;

import org.arvados.maven.common.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One prune-images run.
 *
 * @param ledgerFile the image ledger
 * @param configFile the cluster's config.yml, whose ImageID is always kept; null: none
 * @param clusterId  the cluster; null: config.yml's only cluster, else the ledger's only one
 * @param cloud      aws, azure or gcp; null: every cloud the ledger has for the cluster
 * @param keep       how many of the newest images to keep (at least 1)
 * @param minAge     images younger than this are kept
 * @param confirm    false: print the plan and delete nothing
 * @param withoutConfigFile with confirm and no configFile: prune although the image in use is not known
 */
public record PruneRequest(Path ledgerFile, Path configFile, String clusterId, String cloud, int keep, Duration minAge,
                           boolean confirm, boolean withoutConfigFile) {
    public PruneRequest {
        if (keep < 1) {
            throw new InvalidInputException("<keep> (arvados.prune.keep) is " + keep + ": keep at least the newest"
                    + " image (1 or more; default 3).");
        }
    }
}
