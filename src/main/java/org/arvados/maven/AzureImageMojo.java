package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.arvados.maven.image.AzureImage;
import org.arvados.maven.image.CloudImage;

import javax.inject.Inject;

/**
 * Builds the cluster's compute image on Azure (a managed image, with packer's azure-arm builder) and
 * records its name, which config.yml's ImageID takes, in {@code <outputDirectory>/azure-image.json} and
 * the ledger.
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
     */
    @Parameter
    private AzureParameters azure = new AzureParameters();

    @Inject
    public AzureImageMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected String cloudName() {
        return "azure";
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
