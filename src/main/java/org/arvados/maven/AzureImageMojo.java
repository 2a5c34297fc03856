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
     * Azure settings. Credentials come from secretsFile, or from serverId with subscriptionId and tenantId.
     * Each is also a property, which wins over the POM:
     * <table>
     * <caption>&lt;azure&gt;</caption>
     * <tr><th>element</th><th>type</th><th>default</th><th>required</th><th>property</th><th>what</th></tr>
     * <tr><td>secretsFile</td><td>file</td><td>-</td><td>no</td><td>arvados.azure.secretsFile</td><td>file exporting ARM_CLIENT_ID, ARM_CLIENT_SECRET [, ARM_SUBSCRIPTION_ID, ARM_TENANT_ID]</td></tr>
     * <tr><td>serverId</td><td>text</td><td>-</td><td>no</td><td>arvados.azure.serverId</td><td>settings.xml server: username = client ID, password = client secret</td></tr>
     * <tr><td>subscriptionId</td><td>text</td><td>-</td><td>with serverId</td><td>arvados.azure.subscriptionId</td><td>subscription (GUID); wins over the secrets file's ARM_SUBSCRIPTION_ID</td></tr>
     * <tr><td>tenantId</td><td>text</td><td>-</td><td>with serverId</td><td>arvados.azure.tenantId</td><td>tenant (GUID); wins over the secrets file's ARM_TENANT_ID</td></tr>
     * <tr><td>resourceGroup</td><td>text</td><td>-</td><td>yes</td><td>arvados.azure.resourceGroup</td><td>resource group the managed image goes to</td></tr>
     * <tr><td>location</td><td>text</td><td>-</td><td>yes, unless buildResourceGroup</td><td>arvados.azure.location</td><td>Azure location, e.g. eastus</td></tr>
     * <tr><td>imagePublisher</td><td>text</td><td>Debian</td><td>no</td><td>arvados.azure.imagePublisher</td><td>base image publisher</td></tr>
     * <tr><td>imageOffer</td><td>text</td><td>debian-12</td><td>no</td><td>arvados.azure.imageOffer</td><td>base image offer</td></tr>
     * <tr><td>imageSku</td><td>text</td><td>12-gen2</td><td>no</td><td>arvados.azure.imageSku</td><td>base image SKU</td></tr>
     * <tr><td>vmSize</td><td>text</td><td>Standard_D2s_v3</td><td>no</td><td>arvados.azure.vmSize</td><td>build VM size; must boot Hyper-V generation 2 images like 12-gen2 (Standard_D1_v2, the old templates' size, cannot)</td></tr>
     * <tr><td>cloudEnvironment</td><td>text</td><td>Public</td><td>no</td><td>arvados.azure.cloudEnvironment</td><td>Public, China, USGovernment or Germany</td></tr>
     * <tr><td>buildResourceGroup</td><td>text</td><td>-</td><td>no</td><td>arvados.azure.buildResourceGroup</td><td>an existing resource group the build VM goes into, for subscriptions where the build may not create one (packer build_resource_group_name); excludes location</td></tr>
     * <tr><td>gallery.name</td><td>text</td><td>-</td><td>with gallery</td><td>arvados.azure.gallery.name</td><td>the gallery</td></tr>
     * <tr><td>gallery.resourceGroup</td><td>text</td><td>-</td><td>with gallery</td><td>arvados.azure.gallery.resourceGroup</td><td>the gallery's resource group; config.yml's ImageResourceGroup</td></tr>
     * <tr><td>gallery.imageDefinition</td><td>text</td><td>-</td><td>with gallery</td><td>arvados.azure.gallery.imageDefinition</td><td>the image definition in the gallery; config.yml's ImageID</td></tr>
     * <tr><td>gallery.replicationRegions</td><td>list</td><td>the build's location</td><td>with gallery and buildResourceGroup</td><td>arvados.azure.gallery.replicationRegions</td><td>locations the version is replicated to</td></tr>
     * <tr><td>pluginVersion</td><td>text</td><td>2.3.2</td><td>no</td><td>arvados.azure.pluginVersion</td><td>github.com/hashicorp/azure for packer 1.10+</td></tr>
     * </table>
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
