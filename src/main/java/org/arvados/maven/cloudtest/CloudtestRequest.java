package org.arvados.maven.cloudtest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code arvados-server cloudtest} run the cloudtest goal was asked for; the mojo fills it from its parameters.
 *
 * @param configFile      the cluster's config.yml, passed as {@code -config} and never changed (arvados.configFile)
 * @param clusterId       the cluster it must hold; null: its only one (arvados.clusterId)
 * @param imageId         the image to try; null: the ledger's latest for the cluster and the config's cloud, in
 *                        DriverParameters.Region (arvados.imageId)
 * @param instanceType    an InstanceTypes name; null: cloudtest's choice, the cheapest (arvados.cloudtest.instanceType)
 * @param command         run on the booted VM after the boot probe (arvados.cloudtest.command)
 * @param destroyExisting let cloudtest destroy a VM an earlier, interrupted run left (arvados.cloudtest.destroyExisting)
 * @param arvadosServer   the arvados-server binary: a name on PATH or a path (arvados.arvadosServer)
 * @param timeout         how long the run may take before it is stopped and recorded failed (arvados.cloudtest.timeout)
 * @param cleanupTimeout  how long it may take to destroy its VM after SIGTERM (arvados.cleanupTimeout)
 * @param dryRun          say what would run; run nothing, record nothing (arvados.dryRun)
 * @param ledgerFile      the image ledger that gets the result (arvados.ledgerFile)
 */
public record CloudtestRequest(Path configFile, String clusterId, String imageId, String instanceType, String command,
                               boolean destroyExisting, String arvadosServer, Duration timeout,
                               Duration cleanupTimeout, boolean dryRun, Path ledgerFile) {
    /** What the dispatcher runs on a new worker once it has booted: the runner's probe. */
    public static final String DISPATCHER_PROBE = "sudo /tmp/arvados-crunch-run/crunch-run --list";
}
