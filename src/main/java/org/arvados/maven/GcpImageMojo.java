package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.CloudImage;
import org.arvados.maven.image.GcpImage;

import javax.inject.Inject;

/**
 * Builds the cluster's compute image on Google Cloud (packer's googlecompute builder) and records its
 * name in {@code <outputDirectory>/gcp-image.json} and the ledger. Arvados' dispatcher has no GCE driver
 * today; this goal completes the set for operators who run one of their own.
 *
 * <p>Default phase: {@code package}. Every setting is checked before anything is written; an image built from
 * the same inputs as the ledger's latest is not rebuilt ({@code -Darvados.force=true} rebuilds), and
 * {@code -Darvados.dryRun=true} renders and validates only. Credentials never go in the POM: a service-account key file, or packer's default credentials. Example:</p>
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;org.arvados.maven&lt;/groupId&gt;
 *   &lt;artifactId&gt;arvados-maven-plugin&lt;/artifactId&gt;
 *   &lt;configuration&gt;
 *     &lt;clusterId&gt;zzzzz&lt;/clusterId&gt;
 *     &lt;publicKeyFile&gt;${project.basedir}/keys/id_dispatcher.pub&lt;/publicKeyFile&gt;
 *     &lt;gcp&gt;
 *       &lt;projectId&gt;arvados-images-123&lt;/projectId&gt;
 *       &lt;accountFile&gt;${user.home}/.config/arvados/gcp-account.json&lt;/accountFile&gt;
 *     &lt;/gcp&gt;
 *   &lt;/configuration&gt;
 *   &lt;executions&gt;
 *     &lt;execution&gt;&lt;goals&gt;&lt;goal&gt;gcp-image&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;
 *   &lt;/executions&gt;
 * &lt;/plugin&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "gcp-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class GcpImageMojo extends AbstractImageMojo {
    /**
     * GCP settings, each also a property {@code arvados.gcp.<name>} (the command line wins): projectId
     * (required), accountFile (service-account JSON key; without it packer's default credentials),
     * zone [us-central1-f], sourceImageFamily [debian-12], sourceImageProjectId [debian-cloud],
     * machineType [e2-standard-2], diskSize [20], pluginVersion [1.2.1] (github.com/hashicorp/googlecompute
     * for packer 1.10+).
     * @since 0.1.0
     */
    @Parameter
    private GcpParameters gcp = new GcpParameters();

    @Inject
    public GcpImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String cloudName() {
        return Cloud.GCP.id();
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
