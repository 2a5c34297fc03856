package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.packer.PackerPlugin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.arvados.maven.image.PackerJson.user;

/**
 * A managed image built with azure-arm, as Arvados' azure template did. The builder reads no ARM_*
 * variable itself: the template's variables take them from packer's environment with {@code {{env}}},
 * so the values are never in the template, the var file, packer's arguments or a log.
 */
public final class AzureImage implements CloudImage {
    static final String GALLERY_VERSION_VARIABLE = "azure_gallery_image_version";
    private static final List<String> ENVIRONMENT_NAMES =
            List.of("ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w.()]{0,89}[-\\w()]");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern IMAGE_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VM_SIZE = Pattern.compile("[A-Za-z]+_[A-Za-z0-9_-]+");
    private static final List<String> CLOUD_ENVIRONMENTS = List.of("Public", "China", "USGovernment", "Germany");

    private final AzureSettings settings;

    public AzureImage(AzureSettings settings) {
        this.settings = settings;
    }

    public AzureSettings settings() {
        return settings;
    }

    @Override public Cloud cloud() { return Cloud.AZURE; }

    @Override public String defaultSshUser() { return "packer"; }

    @Override
    public PackerPlugin plugin() {
        return new PackerPlugin("github.com/hashicorp/azure", settings.pluginVersion());
    }

    @Override
    public String credentialSources() {
        return "<azure><secretsFile>, or <azure><serverId> with <subscriptionId> and <tenantId>";
    }

    @Override public String region() { return settings.location(); }

    @Override
    public List<String> problems() {
        Problems problems = new Problems();
        String group = Cloud.AZURE.setting("resourceGroup");
        Checks.required(problems, group, settings.resourceGroup(), "the resource group the managed image goes to");
        Checks.matches(problems, group, settings.resourceGroup(), RESOURCE_GROUP,
                "up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'");
        String location = Cloud.AZURE.setting("location");
        String buildGroup = Cloud.AZURE.setting("buildResourceGroup");
        if (settings.buildResourceGroup() == null) {
            Checks.required(problems, location, settings.location(), "an Azure location such as eastus (or give "
                    + buildGroup + ", an existing resource group the build VM goes into)");
        } else {
            // packer's azure-arm refuses both: the build VM goes to the existing group's location.
            problems.check(settings.location() == null, location + " and " + buildGroup + " exclude each other:"
                    + " the build VM goes to the location of the existing group " + settings.buildResourceGroup()
                    + "; drop location, or drop buildResourceGroup to let packer create a temporary group there");
            Checks.matches(problems, buildGroup, settings.buildResourceGroup(), RESOURCE_GROUP,
                    "up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'");
        }
        Checks.matches(problems, location, settings.location(), LOCATION, "a location name such as eastus or westeurope");
        if (settings.gallery() != null) {
            settings.gallery().addProblems(problems, RESOURCE_GROUP);
            problems.check(settings.location() != null || !settings.gallery().replicationRegions().isEmpty(),
                    Cloud.AZURE.setting("gallery", "replicationRegions") + " is required with "
                            + buildGroup + ": name the locations the image version goes to (with <location> it"
                            + " defaults to that one)");
        }
        PackerPlugin.check(problems, Cloud.AZURE.setting("pluginVersion"), settings.pluginVersion(), "1.0.0",
                "the first azure plugin release");
        Checks.matches(problems, Cloud.AZURE.setting("subscriptionId"), settings.subscriptionId(), GUID,
                "a subscription ID is a GUID (8-4-4-4-12 hex digits)");
        Checks.matches(problems, Cloud.AZURE.setting("tenantId"), settings.tenantId(), GUID,
                "a tenant ID is a GUID (8-4-4-4-12 hex digits)");
        Checks.matches(problems, Cloud.AZURE.setting("imagePublisher"), settings.imagePublisher(), IMAGE_PART,
                "a marketplace publisher such as Debian");
        Checks.matches(problems, Cloud.AZURE.setting("imageOffer"), settings.imageOffer(), IMAGE_PART,
                "a marketplace offer such as debian-12");
        Checks.matches(problems, Cloud.AZURE.setting("imageSku"), settings.imageSku(), IMAGE_PART,
                "a marketplace SKU such as 12-gen2");
        Checks.matches(problems, Cloud.AZURE.setting("vmSize"), settings.vmSize(), VM_SIZE,
                "a VM size such as Standard_D2s_v3");
        Checks.oneOf(problems, Cloud.AZURE.setting("cloudEnvironment"), settings.cloudEnvironment(), CLOUD_ENVIRONMENTS);
        return problems.list();
    }

    @Override
    public List<String> credentialSourceProblems() {
        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("secretsFile", settings.secretsFile());
        sources.put("serverId", settings.serverId());
        return Credentials.sourceProblems(Cloud.AZURE, settings.secretsFile(), "a file exporting ARM_CLIENT_ID and"
                + " ARM_CLIENT_SECRET", sources);
    }

    @Override
    public Map<String, String> variables(ImageSpec spec) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("azure_resource_group", settings.resourceGroup());
        if (settings.location() != null) {
            vars.put("azure_location", settings.location());
        }
        if (settings.buildResourceGroup() != null) {
            vars.put("azure_build_resource_group", settings.buildResourceGroup());
        }
        AzureGallery gallery = settings.gallery();
        if (gallery != null) {
            vars.put("azure_gallery_name", gallery.name());
            vars.put("azure_gallery_resource_group", gallery.resourceGroup());
            vars.put("azure_gallery_image_definition", gallery.imageDefinition());
        }
        vars.put("azure_image_publisher", settings.imagePublisher());
        vars.put("azure_image_offer", settings.imageOffer());
        vars.put("azure_image_sku", settings.imageSku());
        vars.put("azure_vm_size", settings.vmSize());
        vars.put("azure_cloud_environment", settings.cloudEnvironment());
        return vars;
    }

    @Override
    public Map<String, String> environmentVariables() {
        Map<String, String> vars = new TreeMap<>();
        ENVIRONMENT_NAMES.forEach(name -> vars.put(name.toLowerCase(java.util.Locale.ROOT), name));
        return vars;
    }

    @Override
    public Map<String, Object> builder(ImageSpec spec, PackerRelease packer) {
        Map<String, Object> builder = PackerJson.object();
        builder.put("type", "azure-arm");
        environmentVariables().keySet().forEach(var -> builder.put(var.substring("arm_".length()), user(var)));
        builder.put("managed_image_resource_group_name", user("azure_resource_group"));
        builder.put("managed_image_name", user("arvados_cluster") + "-compute-v{{timestamp}}");
        if (settings.buildResourceGroup() != null) {
            builder.put("build_resource_group_name", user("azure_build_resource_group"));
        } else {
            builder.put("location", user("azure_location"));
        }
        if (settings.gallery() != null) {
            builder.put("shared_image_gallery_destination", galleryDestination(settings.gallery()));
        }
        builder.put("image_publisher", user("azure_image_publisher"));
        builder.put("image_offer", user("azure_image_offer"));
        builder.put("image_sku", user("azure_image_sku"));
        builder.put("os_type", "Linux");
        builder.put("vm_size", user("azure_vm_size"));
        builder.put("cloud_environment_name", user("azure_cloud_environment"));
        builder.put("ssh_username", user("ssh_user"));
        Map<String, String> tags = new TreeMap<>();
        tags.put("arvados_cluster", user("arvados_cluster"));
        tags.put("arvados_inputs_hash", user(ImageRenderer.INPUTS_HASH_VARIABLE));
        builder.put("azure_tags", PackerJson.object(tags));
        return builder;
    }

    /** A new version of the gallery's image definition, made from the managed image. */
    private static Map<String, Object> galleryDestination(AzureGallery gallery) {
        Map<String, Object> destination = PackerJson.object();
        destination.put("resource_group", user("azure_gallery_resource_group"));
        destination.put("gallery_name", user("azure_gallery_name"));
        destination.put("image_name", user("azure_gallery_image_definition"));
        destination.put("image_version", user(GALLERY_VERSION_VARIABLE));
        // packer 1.6.6 requires the list; the build's location is what later plugins default to.
        destination.put("replication_regions", gallery.replicationRegions().isEmpty()
                ? List.of(user("azure_location")) : gallery.replicationRegions());
        return destination;
    }

    /** The gallery image version, from the build's start: a new version each build, the same image inputs. */
    @Override
    public Map<String, String> runVariables(Instant buildTime) {
        return settings.gallery() == null ? Map.of() : Map.of(GALLERY_VERSION_VARIABLE, AzureGallery.version(buildTime));
    }

    @Override
    public Optional<ImageRecord.Gallery> gallery(Map<String, String> variables) {
        AzureGallery gallery = settings.gallery();
        if (gallery == null) {
            return Optional.empty();
        }
        return Optional.of(new ImageRecord.Gallery(gallery.name(), gallery.resourceGroup(), gallery.imageDefinition(),
                variables.get(GALLERY_VERSION_VARIABLE), gallery.replicationRegions()));
    }

    @Override
    public Set<String> secretEnvironmentNames() {
        return Set.of("ARM_CLIENT_ID", "ARM_CLIENT_SECRET");
    }

    @Override
    public Map<String, String> packerEnvironment(ServerCredentials server) {
        if (settings.secretsFile() == null && settings.serverId() == null) {
            throw new InvalidInputException("Azure needs credentials: set " + Cloud.AZURE.setting("secretsFile")
                    + " (a file exporting ARM_CLIENT_ID and ARM_CLIENT_SECRET) or " + Cloud.AZURE.setting("serverId")
                    + " (a settings.xml server: username = client ID, password = client secret)");
        }
        Map<String, String> env = new TreeMap<>(Credentials.read(Cloud.AZURE, settings.secretsFile(), settings.serverId(),
                server, ENVIRONMENT_NAMES, List.of("ARM_CLIENT_ID", "ARM_CLIENT_SECRET")));
        if (settings.subscriptionId() != null) {
            env.put("ARM_SUBSCRIPTION_ID", settings.subscriptionId());
        }
        if (settings.tenantId() != null) {
            env.put("ARM_TENANT_ID", settings.tenantId());
        }
        List<String> missing = ENVIRONMENT_NAMES.stream().filter(name -> !env.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("Azure credentials lack " + String.join(", ", missing) + ": set "
                    + Cloud.AZURE.setting("subscriptionId") + " and " + Cloud.AZURE.setting("tenantId")
                    + " or export them in the secrets file");
        }
        return env;
    }

    /** {@code /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/images/<name>} -> name. */
    @Override
    public ImageLocation locate(String artifactId) {
        String marker = "/providers/Microsoft.Compute/images/";
        int at = artifactId.lastIndexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("not an azure-arm managed image ID: " + artifactId);
        }
        return new ImageLocation(artifactId.substring(at + marker.length()).trim(), settings.location(), Map.of());
    }
}
