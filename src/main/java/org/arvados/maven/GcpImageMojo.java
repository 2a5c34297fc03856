package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.image.CloudImage;
import org.arvados.maven.image.GcpImage;

import javax.inject.Inject;

/**
 * Builds the cluster's compute image on Google Cloud (packer's googlecompute builder) and records its
 * name in {@code <outputDirectory>/gcp-image.json} and the ledger. Arvados' dispatcher has no GCE driver
 * today; this goal completes the set for operators who run one of their own.
 */
@Mojo(name = "gcp-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class GcpImageMojo extends AbstractImageMojo {
    /**
     * GCP settings, each also a property {@code arvados.gcp.<name>} (the command line wins): projectId
     * (required), accountFile (service-account JSON key; without it packer's default credentials),
     * zone [us-central1-f], sourceImageFamily [debian-12], sourceImageProjectId [debian-cloud],
     * machineType [e2-standard-2], diskSize [20], pluginVersion [1.2.1] (github.com/hashicorp/googlecompute
     * for packer 1.10+).
     */
    @Parameter
    private GcpParameters gcp = new GcpParameters();

    @Inject
    public GcpImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String cloudName() {
        return "gcp";
    }

    @Override
    protected CloudImage cloudImage(PropertyOverrides properties) {
        return new GcpImage(gcp.toSettings(properties, this::path));
    }

    @Override
    protected String serverId(PropertyOverrides properties) {
        return null;
    }
}
