package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.arvados.maven.cloudtest.CloudtestRequest;
import org.arvados.maven.cloudtest.CloudtestRun;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;

import java.io.File;
import java.io.IOException;
import java.time.Clock;

/**
 * Tries the image on the cloud as the dispatcher would use it, with {@code arvados-server cloudtest}: one VM from
 * the image and the cluster's config.yml (unchanged: the image ID goes on the command line), the boot probe, the
 * runner's probe, then the VM is destroyed. The result (passed or failed, when, how long, the last lines of a
 * failure) goes into the image's ledger entry; update-config and check-config refuse an image whose latest
 * cloudtest failed. Default phase: integration-test, between the image goal (package) and update-config (verify).
 * {@code -Darvados.dryRun=true} says what would run.
 * @since 0.1.0
 */
@Mojo(name = "cloudtest", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class CloudtestMojo extends AbstractArvadosMojo {
    /**
     * The cluster's config.yml, with its only cluster (cloudtest reads no other), its DispatchPrivateKey and cloud keys.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.configFile", required = true)
    File configFile;

    /**
     * The cluster config.yml must hold; default: its only one.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    String clusterId;

    /**
     * The image to try; default: the ledger's latest for the cluster and the config's cloud, in its Region.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.imageId")
    String imageId;

    /**
     * An InstanceTypes name to start; default: cloudtest's choice, the cheapest.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloudtest.instanceType")
    String instanceType;

    /**
     * Run on the booted VM after the boot probe, as the dispatcher's user; default: the dispatcher's runner probe
     * (a blank value is Maven's "unset": {@code true} checks the boot probe alone).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloudtest.command", defaultValue = CloudtestRequest.DISPATCHER_PROBE)
    String command;

    /**
     * Lets cloudtest destroy a test VM an earlier, interrupted run left behind, instead of stopping.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloudtest.destroyExisting", defaultValue = "false")
    boolean destroyExisting;

    /**
     * The arvados-server binary (a name on PATH or a path), from the arvados-server package of the cluster's
     * Arvados release.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.arvadosServer", defaultValue = "arvados-server")
    String arvadosServer;

    /**
     * How long the run may take; then it is stopped (its VM destroyed) and recorded as failed.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cloudtest.timeout", defaultValue = "30m")
    String timeout;

    /**
     * How long cloudtest may take to destroy its VM after SIGTERM (Ctrl-C) before it is killed.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.cleanupTimeout", defaultValue = "15m")
    String cleanupTimeout;

    /**
     * Says what would run; runs nothing, records nothing.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.dryRun", defaultValue = "false")
    boolean dryRun;

    /**
     * The image ledger the image goals append to, which gets the result.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.ledgerFile", defaultValue = "${basedir}/arvados-images.json")
    File ledgerFile;

    @Override
    protected String goalName() {
        return "arvados:cloudtest";
    }

    @Override
    protected void run(BuildLog log) throws IOException {
        if (!dryRun && offline()) {
            throw new InvalidInputException("Maven is offline (-o), and cloudtest starts a VM in the cloud: run"
                    + " without -o, or set arvados.dryRun=true to see the command it would run.");
        }
        new CloudtestRun(log, Clock.systemUTC()).run(request());
        if (dryRun) {
            DryRunSummary.add(session, getLog(), "cloudtest started no VM", null);
        }
    }

    CloudtestRequest request() {
        return new CloudtestRequest(configFile.toPath(), blankToNull(clusterId),
                blankToNull(imageId), blankToNull(instanceType), blankToNull(command), destroyExisting,
                blankToNull(arvadosServer) == null ? "arvados-server" : arvadosServer.strip(),
                Durations.parse("<timeout> (arvados.cloudtest.timeout)", timeout),
                Durations.parse("<cleanupTimeout> (arvados.cleanupTimeout)", cleanupTimeout), dryRun,
                ledgerFile.toPath());
    }
}
