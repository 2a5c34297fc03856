package org.arvados.maven.image;

import org.arvados.maven.common.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.arvados.maven.image.PackerJson.user;

/**
 * Renders one cloud's packer template, var file and scripts/ folder into {@code <outputDir>/<cloud>/}.
 * The template is built as a JSON tree: the shared part here, the builder in the cloud's class. Every
 * value is a packer user variable whose value sits in the var file, so the template shows what is
 * configurable and the var file what was configured; secrets are in neither, only in packer's
 * environment. All settings are checked before a single file is written.
 */
public final class ImageRenderer {
    public static final String INPUTS_HASH_VARIABLE = "inputs_hash";
    public static final String TEMPLATE_FILE = "template.json";
    public static final String VAR_FILE = "packer-vars.json";
    public static final String SCRIPTS_DIR = "scripts";
    public static final String MANIFEST_FILE = "packer-manifest.json";
    /** The bill of materials the provisioning writes into WORKDIR, fetched back by packer into the render folder. */
    public static final String BOM_FILE = "bom.json";
    /** packer's whole output, secrets masked, written by the runner beside the template. */
    public static final String PACKER_LOG = "packer.log";
    static final String SCRIPTS_RESOURCE = "templates/scripts/";
    /** Files the renderer generates into scripts/; a script of the same name in the index is refused. */
    static final Set<String> GENERATED = Set.of("dispatcher.pub", "hosts", "ebs-autoscale.json");

    /** The provisioning contract: environment variable of provision.sh -> packer user variable. */
    static final Map<String, String> PROVISIONING_ENVIRONMENT = provisioningEnvironment();

    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private ImageRenderer() {
    }

    private static Map<String, String> provisioningEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLOUD", "cloud");
        env.put("CLUSTER_ID", "arvados_cluster");
        env.put("ADMIN_USERNAME", "admin_username");
        env.put("WORKDIR", "workdir");
        env.put("SSH_PORT", "ssh_port");
        env.put("RESOLVER", "resolver");
        env.put("REPO_SUFFIX", "reposuffix");
        env.put("PIN_PACKAGES", "pin_packages");
        env.put("RUNTIME_ENGINE", "runtime_engine");
        env.put("MKSQUASHFS_MEM", "mksquashfs_mem");
        env.put("NVIDIA_GPU_SUPPORT", "nvidia_gpu_support");
        env.put("AWS_EBS_AUTOSCALE", "aws_ebs_autoscale");
        env.put("ARVADOS_APT_URL", "arvados_apt_url");
        env.put("ARVADOS_APT_KEY_URL", "arvados_apt_key_url");
        env.put("DOCKER_SOURCE", "docker_source");
        env.put("CRUNCH_RUN", "crunch_run");
        SoftwareVersions.DEFAULTS.environment().keySet().forEach(name -> env.put(name, variableOf(name)));
        return Collections.unmodifiableMap(env);
    }

    /** A version's packer user variable: its environment variable's name in lower case. */
    private static String variableOf(String environmentName) {
        return environmentName.toLowerCase(Locale.ROOT);
    }

    /** {@link #render(ImageSpec, CloudImage, Path, String, Instant)} for a build starting now. */
    public static RenderedImage render(ImageSpec spec, CloudImage cloud, Path outputDir, String packerVersion)
            throws IOException {
        return render(spec, cloud, outputDir, packerVersion, Instant.now());
    }

    /** Checks the settings, then renders them as {@link #render(ImageCheck, Path, String, Instant)} does. */
    public static RenderedImage render(ImageSpec spec, CloudImage cloud, Path outputDir, String packerVersion,
                                       Instant buildTime) throws IOException {
        return render(ImageCheck.of(spec, cloud), outputDir, packerVersion, buildTime);
    }

    /**
     * Writes template.json, the var file (0600) and scripts/ under {@code <outputDir>/<cloud>/}, plus the cloud's
     * side files in {@code outputDir}; a check that found problems is refused with all of them, before any write.
     *
     * @param packerVersion packer's version (e.g. 1.6.6): the template uses only keys it knows, and it and
     *                      (from 1.10) the pinned plugin are part of the inputs hash
     * @param buildTime     when the build starts, for the cloud's per-build variables
     */
    public static RenderedImage render(ImageCheck check, Path outputDir, String packerVersion, Instant buildTime)
            throws IOException {
        check.passed();
        ImageSpec spec = check.spec();
        CloudImage cloud = check.cloud();
        PackerRelease packer = new PackerRelease(packerVersion);
        String publicKey = check.publicKey().line() + "\n";
        SortedMap<String, byte[]> scripts = scripts(spec, cloud, publicKey);
        SortedMap<String, String> variables = variables(spec, cloud);
        Map<String, String> runVariables = cloud.runVariables(buildTime);
        SortedMap<String, String> declared = new TreeMap<>(variables);
        declared.putAll(runVariables);
        String template = PackerJson.write(template(spec, cloud, declared.keySet(), packer));
        String hash = InputsHash.compute(toolchain(packer, cloud), template, variables, scripts, publicKey);
        variables.putAll(runVariables);
        variables.put(INPUTS_HASH_VARIABLE, hash);

        Path dir = outputDir.resolve(cloud.name());
        List<String> written = new ArrayList<>(List.of(TEMPLATE_FILE, VAR_FILE, MANIFEST_FILE, BOM_FILE, PACKER_LOG));
        scripts.keySet().forEach(name -> written.add(SCRIPTS_DIR + "/" + name));
        // What a render of any settings may write there: a folder holding only such files is the plugin's.
        List<String> mayWrite = new ArrayList<>(written);
        GENERATED.forEach(name -> mayWrite.add(SCRIPTS_DIR + "/" + name));
        RenderedFiles owned = RenderedFiles.open(dir, mayWrite);
        AtomicFiles.createDirectories(dir, AtomicFiles.PRIVATE_DIR);
        Path scriptsDir = writeScripts(dir.resolve(SCRIPTS_DIR), scripts);
        Path templateFile = dir.resolve(TEMPLATE_FILE);
        AtomicFiles.write(templateFile, template, AtomicFiles.PUBLIC);
        Path varFile = dir.resolve(VAR_FILE);
        AtomicFiles.write(varFile, PackerJson.write(variables), AtomicFiles.PRIVATE);
        owned.replaceWith(written);
        List<Path> sideFiles = writeSideFiles(outputDir, cloud);
        return new RenderedImage(cloud.name(), dir, templateFile, varFile, scriptsDir, dir.resolve(MANIFEST_FILE),
                hash, variables, spec.onError(), check.publicKey().fingerprint(), sideFiles);
    }

    /** What builds the image: packer's version and, when its builders are plugins, the pinned plugin. */
    static String toolchain(PackerRelease packer, CloudImage cloud) {
        return packer.externalPlugins() && packer.known() ? packer.version() + " " + cloud.plugin() : packer.version();
    }

    /** The shared variables, then the cloud's (which win). No value is secret. */
    static SortedMap<String, String> variables(ImageSpec spec, CloudImage cloud) {
        SortedMap<String, String> vars = new TreeMap<>();
        vars.put("cloud", cloud.name());
        vars.put("arvados_cluster", spec.clusterId());
        vars.put("admin_username", spec.adminUsername());
        vars.put("ssh_user", spec.sshUser() != null ? spec.sshUser() : cloud.defaultSshUser());
        vars.put("ssh_port", String.valueOf(spec.sshPort()));
        vars.put("resolver", spec.resolver() == null ? "" : spec.resolver());
        vars.put("reposuffix", spec.repoSuffix());
        vars.put("pin_packages", String.valueOf(spec.pinPackages()));
        vars.put("runtime_engine", spec.runtimeEngine());
        vars.put("mksquashfs_mem", spec.mksquashfsMem());
        vars.put("nvidia_gpu_support", String.valueOf(spec.nvidiaGpuSupport()));
        vars.put("workdir", spec.workdir());
        vars.put("aws_ebs_autoscale", "false");
        vars.put("arvados_apt_url", spec.arvadosAptUrl());
        vars.put("arvados_apt_key_url", spec.arvadosAptKeyUrl());
        vars.put("docker_source", spec.dockerSource());
        vars.put("crunch_run", String.valueOf(spec.crunchRun()));
        spec.versions().environment().forEach((name, version) -> vars.put(variableOf(name), version));
        vars.putAll(cloud.variables(spec));
        return vars;
    }

    static Map<String, Object> template(ImageSpec spec, CloudImage cloud, Set<String> variableNames, PackerRelease packer) {
        Map<String, Object> root = PackerJson.object();
        root.put("description", "Arvados compute image for " + cloud.name() + ", rendered by arvados-maven-plugin");
        Map<String, Object> variables = PackerJson.putObject(root, "variables");
        // null: packer refuses to run unless the var file sets it, so a template never runs half-configured.
        variableNames.forEach(name -> variables.put(name, null));
        variables.put(INPUTS_HASH_VARIABLE, null);
        List<String> sensitive = new ArrayList<>();
        cloud.environmentVariables().forEach((variable, environmentName) -> {
            variables.put(variable, "{{env `" + environmentName + "`}}");
            if (cloud.secretEnvironmentNames().contains(environmentName)) {
                sensitive.add(variable);
            }
        });
        if (!sensitive.isEmpty()) {
            root.put("sensitive-variables", sensitive.stream().sorted().toList());
        }
        PackerJson.putArray(root, "builders").add(cloud.builder(spec, packer));
        List<Object> provisioners = PackerJson.putArray(root, "provisioners");
        provisioners.add(makeWorkdir());
        Map<String, Object> upload = PackerJson.addObject(provisioners);
        upload.put("type", "file");
        upload.put("source", "{{template_dir}}/" + SCRIPTS_DIR + "/");
        upload.put("destination", user("workdir"));
        provisioners.add(provision("before-reboot"));
        Map<String, Object> reboot = provision("reboot");
        reboot.put("expect_disconnect", true);
        provisioners.add(reboot);
        Map<String, Object> afterReboot = provision("after-reboot");
        // Gives a reboot time to take sshd down before packer connects again (it retries until sshd is back).
        afterReboot.put("pause_before", "10s");
        afterReboot.put("start_retry_timeout", "15m");
        provisioners.add(afterReboot);
        Map<String, Object> bom = PackerJson.addObject(provisioners);
        bom.put("type", "file");
        bom.put("direction", "download");
        bom.put("source", user("workdir") + "/" + BOM_FILE);
        bom.put("destination", "{{template_dir}}/" + BOM_FILE);
        Map<String, Object> manifest = PackerJson.addObject(PackerJson.putArray(root, "post-processors"));
        manifest.put("type", "manifest");
        manifest.put("output", "{{template_dir}}/" + MANIFEST_FILE);
        manifest.put("custom_data", PackerJson.object(Map.of("arvados_cluster", user("arvados_cluster"),
                INPUTS_HASH_VARIABLE, user(INPUTS_HASH_VARIABLE))));
        return root;
    }

    /** The upload folder must exist and be writable by the SSH user; /tmp is left exactly as it is. */
    private static Map<String, Object> makeWorkdir() {
        Map<String, Object> shell = PackerJson.object();
        shell.put("type", "shell");
        shell.put("inline", List.of("[ -d '" + user("workdir") + "' ] || sudo install -d -o \"$(id -un)\" '"
                + user("workdir") + "'"));
        return shell;
    }

    /** provision.sh's {@code phase} as root, with every variable of the provisioning contract in its environment. */
    private static Map<String, Object> provision(String phase) {
        Map<String, Object> shell = PackerJson.object();
        shell.put("type", "shell");
        List<String> environment = new ArrayList<>();
        PROVISIONING_ENVIRONMENT.forEach((name, variable) -> environment.add(name + "=" + user(variable)));
        shell.put("environment_vars", environment);
        shell.put("execute_command", "chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}");
        shell.put("inline", List.of("/bin/bash '" + user("workdir") + "/provision.sh' " + phase));
        return shell;
    }

    /** scripts/: every file in templates/scripts/index.txt plus the generated ones, by name. */
    static SortedMap<String, byte[]> scripts(ImageSpec spec, CloudImage cloud, String publicKey) {
        SortedMap<String, byte[]> scripts = new TreeMap<>();
        for (String name : scriptIndex()) {
            scripts.put(name, resource(SCRIPTS_RESOURCE + name));
        }
        scripts.put("dispatcher.pub", publicKey.getBytes(StandardCharsets.UTF_8));
        String hosts = spec.hosts().isEmpty() ? "" : String.join("\n", spec.hosts()) + "\n";
        scripts.put("hosts", hosts.getBytes(StandardCharsets.UTF_8));
        cloud.extraScripts(spec).forEach((name, content) -> scripts.put(name, content.getBytes(StandardCharsets.UTF_8)));
        return scripts;
    }

    /** Names listed in index.txt, one per line; blank lines and # comments skipped. */
    static List<String> scriptIndex() {
        String index = new String(resource(SCRIPTS_RESOURCE + "index.txt"), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (name.startsWith("/") || name.contains("..") || name.contains("\\") || GENERATED.contains(name)) {
                throw new IllegalStateException("templates/scripts/index.txt lists a name it may not: " + name);
            }
            names.add(name);
        }
        return names;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ImageRenderer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks " + name + " (a packaging error)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes scripts/; {@link RenderedFiles} then removes a file of an earlier render (ebs-autoscale.json, say). */
    private static Path writeScripts(Path scriptsDir, SortedMap<String, byte[]> scripts) throws IOException {
        AtomicFiles.createDirectories(scriptsDir, AtomicFiles.PRIVATE_DIR);
        for (Map.Entry<String, byte[]> script : scripts.entrySet()) {
            Path target = scriptsDir.resolve(script.getKey());
            AtomicFiles.createDirectories(target.getParent(), AtomicFiles.PRIVATE_DIR);
            AtomicFiles.write(target, script.getValue(),
                    script.getKey().endsWith(".sh") ? EXECUTABLE : AtomicFiles.PUBLIC);
        }
        return scriptsDir;
    }

    private static List<Path> writeSideFiles(Path outputDir, CloudImage cloud) throws IOException {
        Map<String, String> files = cloud.sideFiles();
        List<Path> written = new ArrayList<>();
        for (String name : new TreeMap<>(Map.copyOf(files)).keySet()) {
            Path target = outputDir.resolve(name);
            AtomicFiles.write(target, files.get(name), AtomicFiles.PUBLIC);
            written.add(target);
        }
        for (String name : cloud.sideFileNames()) {
            if (!files.containsKey(name)) {
                Files.deleteIfExists(outputDir.resolve(name));
            }
        }
        return written;
    }
}
