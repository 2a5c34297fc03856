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
     * GCP settings. Credentials come from accountFile, or else packer's default ones.
     * Each is also a property, which wins over the POM:
     * <table>
     * <caption>&lt;gcp&gt;</caption>
     * <tr><th>element</th><th>type</th><th>default</th><th>required</th><th>property</th><th>what</th></tr>
     * <tr><td>projectId</td><td>text</td><td>-</td><td>yes</td><td>arvados.gcp.projectId</td><td>project the image goes to</td></tr>
     * <tr><td>accountFile</td><td>file</td><td>-</td><td>no</td><td>arvados.gcp.accountFile</td><td>service account JSON key; unset = GOOGLE_APPLICATION_CREDENTIALS or gcloud's</td></tr>
     * <tr><td>zone</td><td>text</td><td>us-central1-f</td><td>no</td><td>arvados.gcp.zone</td><td>zone of the build VM</td></tr>
     * <tr><td>sourceImageFamily</td><td>text</td><td>debian-12</td><td>no</td><td>arvados.gcp.sourceImageFamily</td><td>base image family</td></tr>
     * <tr><td>sourceImageProjectId</td><td>text</td><td>debian-cloud</td><td>no</td><td>arvados.gcp.sourceImageProjectId</td><td>project of the base image family</td></tr>
     * <tr><td>machineType</td><td>text</td><td>e2-standard-2</td><td>no</td><td>arvados.gcp.machineType</td><td>build VM type (2 vCPUs, 8 GB, like m5.large)</td></tr>
     * <tr><td>diskSize</td><td>number</td><td>20</td><td>no</td><td>arvados.gcp.diskSize</td><td>boot disk GB (at least 10)</td></tr>
     * <tr><td>pluginVersion</td><td>text</td><td>1.2.1</td><td>no</td><td>arvados.gcp.pluginVersion</td><td>github.com/hashicorp/googlecompute for packer 1.10+</td></tr>
     * </table>
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
