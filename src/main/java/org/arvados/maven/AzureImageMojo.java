package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.common.Cloud;
import org.arvados.maven.image.AzureImage;
import org.arvados.maven.image.CloudImage;

import javax.inject.Inject;

/**
 * Builds the cluster's compute image on Azure (a managed image, with packer's azure-arm builder) and
 * records its name, which config.yml's ImageID takes, in {@code <outputDirectory>/azure-image.json} and
 * the ledger.
 *
 * <p>Default phase: {@code package}. Every setting is checked before anything is written; an image built from
 * the same inputs as the ledger's latest is not rebuilt ({@code -Darvados.force=true} rebuilds), and
 * {@code -Darvados.dryRun=true} renders and validates only. Credentials never go in the POM: a secrets file of {@code export ARM_...=} lines, or a settings.xml server with the subscription and tenant. Example:</p>
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;org.arvados.maven&lt;/groupId&gt;
 *   &lt;artifactId&gt;arvados-maven-plugin&lt;/artifactId&gt;
 *   &lt;configuration&gt;
 *     &lt;clusterId&gt;zzzzz&lt;/clusterId&gt;
 *     &lt;publicKeyFile&gt;${project.basedir}/keys/id_dispatcher.pub&lt;/publicKeyFile&gt;
 *     &lt;azure&gt;
 *       &lt;secretsFile&gt;${user.home}/.config/arvados/azure.env&lt;/secretsFile&gt;
 *       &lt;resourceGroup&gt;arvados-images&lt;/resourceGroup&gt;
 *       &lt;location&gt;westeurope&lt;/location&gt;
 *     &lt;/azure&gt;
 *   &lt;/configuration&gt;
 *   &lt;executions&gt;
 *     &lt;execution&gt;&lt;goals&gt;&lt;goal&gt;azure-image&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;
 *   &lt;/executions&gt;
 * &lt;/plugin&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "azure-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class AzureImageMojo extends AbstractImageMojo {
    /**
     * Azure settings, each also a property {@code arvados.azure.<name>} (the command line wins):
     * secretsFile ({@code export ARM_CLIENT_ID=...}, ARM_CLIENT_SECRET, ARM_SUBSCRIPTION_ID, ARM_TENANT_ID
     * lines, parsed, never sourced) or serverId (settings.xml server: username = client ID, password =
     * client secret) with subscriptionId and tenantId; resourceGroup (required) and location (required
     * unless buildResourceGroup);
     * imagePublisher [Debian], imageOffer [debian-12], imageSku [12-gen2], vmSize [Standard_D2s_v3],
     * cloudEnvironment [Public], buildResourceGroup (an existing group for the build VM; excludes location),
     * gallery (name, resourceGroup, imageDefinition, replicationRegions: publish a version to an Azure Compute
     * Gallery), pluginVersion [2.3.2] (github.com/hashicorp/azure for packer 1.10+).
     * @since 0.1.0
     */
    @Parameter
    private AzureParameters azure = new AzureParameters();

    @Inject
    public AzureImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String cloudName() {
        return Cloud.AZURE.id();
    }

    @Override
    protected CloudImage cloudImage(PropertyOverrides properties) {
        return new AzureImage(azure.toSettings(properties, this::path));
    }

    @Override
    protected String serverId(PropertyOverrides properties) {
        return azure.serverId(properties);
    }
}
