package org.arvados.maven.image;

import org.arvados.maven.packer.PackerPlugin;

import java.nio.file.Path;

import static org.arvados.maven.common.Setting.blankToNull;
import static org.arvados.maven.common.Setting.orDefault;

/**
 * Azure settings ({@code <azure>}, properties {@code arvados.azure.*}). Null arguments take the defaults
 * in brackets.
 *
 * @param secretsFile      file exporting ARM_CLIENT_ID, ARM_CLIENT_SECRET [, ARM_SUBSCRIPTION_ID, ARM_TENANT_ID]
 * @param serverId         settings.xml server: username = client ID, password = client secret
 * @param subscriptionId   subscription (GUID); wins over the secrets file's ARM_SUBSCRIPTION_ID
 * @param tenantId         tenant (GUID); wins over the secrets file's ARM_TENANT_ID
 * @param resourceGroup    resource group the managed image goes to (required)
 * @param location         Azure location, e.g. eastus (required)
 * @param imagePublisher   [Debian] base image publisher
 * @param imageOffer       [debian-12] base image offer
 * @param imageSku         [12-gen2] base image SKU
 * @param vmSize           [Standard_D2s_v3] build VM size; must boot Hyper-V generation 2 images like
 *                         12-gen2 (Standard_D1_v2, the old templates' size, cannot)
 * @param cloudEnvironment [Public] Public | China | USGovernment | Germany
 * @param buildResourceGroup an existing resource group the build VM goes into, for subscriptions where the
 *                         build may not create one (packer build_resource_group_name); excludes location
 * @param gallery          an Azure Compute Gallery image definition to publish a version to, besides the
 *                         managed image
 * @param pluginVersion    [{@value #DEFAULT_PLUGIN_VERSION}] github.com/hashicorp/azure for packer 1.10+
 */
public record AzureSettings(
        Path secretsFile,
        String serverId,
        String subscriptionId,
        String tenantId,
        String resourceGroup,
        String location,
        String imagePublisher,
        String imageOffer,
        String imageSku,
        String vmSize,
        String cloudEnvironment,
        String buildResourceGroup,
        AzureGallery gallery,
        String pluginVersion) {

    public static final String DEFAULT_IMAGE_PUBLISHER = "Debian";
    public static final String DEFAULT_IMAGE_OFFER = "debian-12";
    public static final String DEFAULT_IMAGE_SKU = "12-gen2";
    public static final String DEFAULT_VM_SIZE = "Standard_D2s_v3";
    public static final String DEFAULT_CLOUD_ENVIRONMENT = "Public";
    /** The azure plugin release a build with packer 1.10+ uses unless pinned otherwise. */
    public static final String DEFAULT_PLUGIN_VERSION = "2.3.2";

    public AzureSettings {
        serverId = blankToNull(serverId);
        subscriptionId = blankToNull(subscriptionId);
        tenantId = blankToNull(tenantId);
        resourceGroup = blankToNull(resourceGroup);
        location = blankToNull(location);
        imagePublisher = orDefault(imagePublisher, DEFAULT_IMAGE_PUBLISHER);
        imageOffer = orDefault(imageOffer, DEFAULT_IMAGE_OFFER);
        imageSku = orDefault(imageSku, DEFAULT_IMAGE_SKU);
        vmSize = orDefault(vmSize, DEFAULT_VM_SIZE);
        cloudEnvironment = orDefault(cloudEnvironment, DEFAULT_CLOUD_ENVIRONMENT);
        buildResourceGroup = blankToNull(buildResourceGroup);
        pluginVersion = PackerPlugin.normalise(pluginVersion, DEFAULT_PLUGIN_VERSION);
    }
}
