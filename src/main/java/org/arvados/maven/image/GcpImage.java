package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Json;
import org.arvados.maven.common.Identifiers;
import org.arvados.maven.common.Problems;
import org.arvados.maven.packer.PackerPlugin;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.arvados.maven.image.PackerJson.user;

/** An image built with googlecompute (Arvados never shipped a GCP template; this one mirrors the AWS one). */
public final class GcpImage implements CloudImage {
    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]|[a-z0-9.-]+:[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+[0-9]+-[a-z]");
    private static final Pattern MACHINE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final GcpSettings settings;

    public GcpImage(GcpSettings settings) {
        this.settings = settings;
    }

    public GcpSettings settings() {
        return settings;
    }

    @Override public Cloud cloud() { return Cloud.GCP; }

    @Override public String defaultSshUser() { return "packer"; }

    @Override
    public PackerPlugin plugin() {
        return new PackerPlugin("github.com/hashicorp/googlecompute", settings.pluginVersion());
    }

    @Override
    public String credentialSources() {
        return "<gcp><accountFile> (else GOOGLE_APPLICATION_CREDENTIALS or gcloud's default credentials)";
    }

    @Override public String region() { return settings.zone(); }

    @Override
    public List<String> problems() {
        Problems problems = new Problems();
        String project = Cloud.GCP.setting("projectId");
        Checks.required(problems, project, settings.projectId(), "the GCP project the image goes to");
        Checks.matches(problems, project, settings.projectId(), PROJECT,
                "a project ID: 6 to 30 lowercase letters, digits and hyphens, starting with a letter");
        Checks.matches(problems, Cloud.GCP.setting("zone"), settings.zone(), ZONE, "a zone such as us-central1-f");
        Checks.matches(problems, Cloud.GCP.setting("sourceImageFamily"), settings.sourceImageFamily(), Identifiers.GCP_NAME,
                "an image family such as debian-12");
        Checks.matches(problems, Cloud.GCP.setting("sourceImageProjectId"), settings.sourceImageProjectId(), PROJECT,
                "a project ID such as debian-cloud");
        Checks.matches(problems, Cloud.GCP.setting("machineType"), settings.machineType(), MACHINE_TYPE,
                "a machine type such as e2-standard-2");
        Checks.positive(problems, Cloud.GCP.setting("diskSize"), settings.diskSize(), 10);
        checkAccountFile(problems);
        PackerPlugin.check(problems, Cloud.GCP.setting("pluginVersion"), settings.pluginVersion(), "1.0.0",
                "the first googlecompute plugin release");
        return problems.list();
    }

    /** The key must parse as a JSON object; its content (a private key) is never put in a message. */
    private void checkAccountFile(Problems problems) {
        if (settings.accountFile() == null) {
            return;
        }
        String element = Cloud.GCP.setting("accountFile");
        if (!Files.isRegularFile(settings.accountFile())) {
            problems.add(element + ": " + settings.accountFile() + " does not exist; give the service account's JSON key file");
            return;
        }
        try {
            Object key = Json.readTree(Files.readString(settings.accountFile()));
            problems.check(key instanceof Map, element + ": " + settings.accountFile()
                    + " is not a JSON object; give the service account's JSON key file");
        } catch (IOException e) {
            // Jackson's message quotes the text around the error: keep it out.
            problems.add(element + ": " + settings.accountFile() + " is not valid JSON; give the service account's JSON key file");
        }
    }

    @Override
    public Map<String, String> variables(ImageSpec spec) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("gcp_project_id", settings.projectId());
        vars.put("gcp_zone", settings.zone());
        vars.put("gcp_source_image_family", settings.sourceImageFamily());
        vars.put("gcp_source_image_project_id", settings.sourceImageProjectId());
        vars.put("gcp_machine_type", settings.machineType());
        vars.put("gcp_disk_size", String.valueOf(settings.diskSize()));
        return vars;
    }

    @Override
    public Map<String, Object> builder(ImageSpec spec, PackerRelease packer) {
        Map<String, Object> builder = PackerJson.object();
        builder.put("type", "googlecompute");
        builder.put("project_id", user("gcp_project_id"));
        builder.put("zone", user("gcp_zone"));
        builder.put("source_image_family", user("gcp_source_image_family"));
        builder.put("source_image_project_id", List.of(user("gcp_source_image_project_id")));
        builder.put("machine_type", user("gcp_machine_type"));
        builder.put("disk_size", user("gcp_disk_size"));
        builder.put("ssh_username", user("ssh_user"));
        // At most 8 + 5 + 9 + 10 = 32 characters, lowercase: a valid GCP image name.
        builder.put("image_name", "arvados-" + user("arvados_cluster") + "-compute-{{timestamp}}");
        // A label value holds at most 63 characters, too few for the 64-digit hash: it goes in the description.
        builder.put("image_description", "Arvados compute image for cluster " + user("arvados_cluster")
                + ", inputs sha256 " + user(ImageRenderer.INPUTS_HASH_VARIABLE));
        builder.put("image_labels", PackerJson.object(Map.of("arvados_cluster", user("arvados_cluster"))));
        return builder;
    }

    /** The key file's path is no secret (the key is in the file, never in packer's environment). */
    @Override
    public Set<String> secretEnvironmentNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> packerEnvironment(ServerCredentials server) {
        // Credentials are no input of the image: through the environment, which packer's googlecompute reads when
        // the template names no account_file, the same key in two checkouts gives the same template and hash.
        return settings.accountFile() == null ? Map.of()
                : Map.of("GOOGLE_APPLICATION_CREDENTIALS", settings.accountFile().toAbsolutePath().toString());
    }

    /** googlecompute's artifact ID is the bare image name. */
    @Override
    public ImageLocation locate(String artifactId) {
        return new ImageLocation(artifactId.trim(), settings.zone(), Map.of());
    }
}
