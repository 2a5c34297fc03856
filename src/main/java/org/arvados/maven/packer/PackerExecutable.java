package org.arvados.maven.packer;

import org.arvados.maven.common.AtomicFiles;
import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.process.Executables;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.common.Setting;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packer program the build uses: found, version known, and able to validate and build a template.
 * Secrets never go on packer's command line: only the environment and the var file carry them.
 */
public final class PackerExecutable {
    static final String INSTALL_HINT = "Install packer (Debian/Ubuntu: `apt-get install packer`; elsewhere"
            + " https://releases.hashicorp.com/packer/) or set <packer> / -Darvados.packer to its path.";
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*(?:Packer\\s+)?v?(\\d+)\\.(\\d+)\\.(\\d+)([-+][0-9A-Za-z.+-]*)?");
    private static final Duration SHORT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PLUGIN_INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private final Path path;
    private final String version;
    private final int major;
    private final int minor;
    /** PACKER_PLUGIN_PATH of every command, or null to leave packer's own. */
    private final Path pluginPath;

    private PackerExecutable(Path path, String version, Path pluginPath) {
        this.path = path;
        this.version = version;
        this.pluginPath = pluginPath;
        String[] parts = version.split("[.-]");
        this.major = Integer.parseInt(parts[0]);
        this.minor = Integer.parseInt(parts[1]);
    }

    /**
     * Finds packer: {@code configured} is the {@code arvados.packer} parameter, a bare name searched on
     * PATH (default "packer") or a path. Runs {@code packer version} to be sure it is packer.
     */
    public static PackerExecutable locate(String configured) {
        String name = configured == null || configured.isBlank() ? "packer" : configured.trim();
        Path path = Executables.find(name).orElseThrow(() -> new InvalidInputException(notFound(name)));
        ChildProcesses.Captured answer;
        try {
            answer = ChildProcesses.run(List.of(path.toString(), "version"), null, Map.of(), SHORT_COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new InvalidInputException(Setting.element("packer") + ": cannot run " + path + " (" + e.getMessage()
                    + "). " + INSTALL_HINT);
        }
        String version = parseVersion(answer.output()).orElseThrow(() -> new InvalidInputException(
                Setting.element("packer") + ": " + path + " is not packer: `" + path + " version` printed '"
                        + answer.output().strip() + "' (exit " + answer.exitCode() + "). " + INSTALL_HINT));
        return new PackerExecutable(path, version, null);
    }

    private static String notFound(String name) {
        return "packer not found: " + Setting.element("packer") + " is '" + name + "' and "
                + Executables.whereLooked(name) + ". " + INSTALL_HINT;
    }

    /** "1.6.6" from {@code Packer v1.6.6} (or a newer output such as {@code Packer v1.11.2\n\nYour version...}). */
    static Optional<String> parseVersion(String output) {
        Matcher matcher = VERSION.matcher(output == null ? "" : output);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String suffix = matcher.group(4) == null ? "" : matcher.group(4);
        return Optional.of(matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3) + suffix);
    }

    public Path path() {
        return path;
    }

    /** e.g. "1.6.6". */
    public String version() {
        return version;
    }

    public boolean atLeast(int wantedMajor, int wantedMinor) {
        return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
    }

    /**
     * This packer with {@code PACKER_PLUGIN_PATH} set to {@code pluginDir} for every command it runs (from
     * 1.10, where builders are plugins), so the build's plugins neither come from nor change the user's own
     * plugin folder.
     */
    public PackerExecutable withPluginPath(Path pluginDir) {
        return new PackerExecutable(path, version, pluginDir.toAbsolutePath());
    }

    /**
     * From packer 1.10 on, cloud builders are plugins a JSON template needs installed first: makes sure
     * {@code plugin} is installed at exactly its version in the plugin folder, installing it beside whatever
     * other version is there, and removes the folder's other versions of it (packer loads the newest it
     * finds). Nothing to do before 1.10 (every builder is built in). The commands get no credentials, so
     * their output (which ends up in an error) holds no secret.
     *
     * @param setting    the pin's POM element and property, for the messages
     * @param mayInstall false when Maven is offline: a missing plugin is then an error, not a download
     * @return the plugin the build uses; empty when packer bundles its builders
     */
    public Optional<PackerPlugin> ensurePlugin(PackerPlugin plugin, String setting, boolean mayInstall, BuildLog log) {
        if (!atLeast(1, 10)) {
            log.debug("packer " + version + " has every builder built in; no plugin to install");
            return Optional.empty();
        }
        if (pluginPath == null) {
            throw new IllegalStateException("withPluginPath first: plugins go to the build's own folder");
        }
        List<InstalledPlugin> installed = installedPlugins(plugin.source());
        if (!hasPin(installed, plugin)) {
            if (!mayInstall) {
                throw new InvalidInputException("Maven is offline (-o) and packer plugin " + plugin + " (" + setting
                        + ") is not installed in " + pluginPath + ": run once without -o to install it.");
            }
            install(plugin, setting, installed, log);
            installed = installedPlugins(plugin.source());
            if (!hasPin(installed, plugin)) {
                throw new BuildFailedException("`packer plugins install " + plugin + "` succeeded, but `packer plugins"
                        + " installed` does not list that version in " + pluginPath + "; installed: " + describe(installed));
            }
        }
        removeOtherVersions(installed, plugin, setting, log);
        log.info("packer " + version + " builds with plugin " + plugin + " from " + pluginPath);
        return Optional.of(plugin);
    }

    private boolean hasPin(List<InstalledPlugin> installed, PackerPlugin plugin) {
        return installed.stream().anyMatch(found -> found.version().equals(plugin.version()) && found.isIn(pluginPath));
    }

    private void install(PackerPlugin plugin, String setting, List<InstalledPlugin> installed, BuildLog log) {
        log.info("Installing packer plugin " + plugin + " into " + pluginPath
                + (installed.isEmpty() ? "" : " beside " + describe(installed)));
        ChildProcesses.Captured install = runShort(List.of("plugins", "install", plugin.source(), plugin.installVersion()),
                null, Map.of(), PLUGIN_INSTALL_TIMEOUT);
        if (install.exitCode() != 0) {
            throw new BuildFailedException("`packer plugins install " + plugin + "` failed (exit " + install.exitCode()
                    + "):\n" + install.output().strip() + "\nIt downloads the plugin over the network: allow that,"
                    + " install it yourself with PACKER_PLUGIN_PATH=" + pluginPath + " packer plugins install " + plugin
                    + ", or pin a version that exists with " + setting + ".");
        }
    }

    /** Other versions in the build's folder go; newer ones elsewhere (packer 1.10 still reads other folders) are named. */
    private void removeOtherVersions(List<InstalledPlugin> installed, PackerPlugin plugin, String setting, BuildLog log) {
        for (InstalledPlugin found : installed) {
            if (found.version().equals(plugin.version())) {
                continue;
            }
            if (found.isIn(pluginPath)) {
                try {
                    Files.deleteIfExists(found.binary());
                    Files.deleteIfExists(Path.of(found.binary() + "_SHA256SUM"));
                    log.info("Removed " + found.binary() + " (not the pinned " + plugin.installVersion() + ")");
                } catch (IOException e) {
                    throw new BuildFailedException("cannot remove " + found.binary() + ", another version than the"
                            + " pinned " + plugin.installVersion() + " that packer would load instead: " + e.getMessage());
                }
            } else if (PackerPlugin.compare(found.version(), plugin.version()) > 0) {
                log.warn("packer " + version + " also finds " + found.binary() + ", newer than the pinned "
                        + plugin.installVersion() + ", and loads the newest it finds: remove it, or pin v"
                        + found.version() + " with " + setting);
            }
        }
    }

    private List<InstalledPlugin> installedPlugins(String source) {
        ChildProcesses.Captured listed = runShort(List.of("plugins", "installed"), null, Map.of(), SHORT_COMMAND_TIMEOUT);
        if (listed.exitCode() != 0) {
            throw new BuildFailedException("`packer plugins installed` failed (exit " + listed.exitCode() + "):\n"
                    + listed.output().strip());
        }
        return InstalledPlugin.parse(listed.output(), source);
    }

    private static String describe(List<InstalledPlugin> installed) {
        return installed.isEmpty() ? "none" : installed.stream().map(plugin -> "v" + plugin.version() + " ("
                + plugin.binary() + ")").toList().toString();
    }

    /**
     * {@code packer validate -var-file=F template} in {@code workDir}: no network, no cloud calls.
     * Throws {@link InvalidInputException} with packer's (masked) message and the template's path.
     */
    public void validate(Path workDir, Path template, Path varFile, Map<String, String> env, SecretMasker masker) {
        SecretMasker mask = masker == null ? SecretMasker.none() : masker;
        ChildProcesses.Captured result = runShort(List.of("validate", "-var-file=" + varFile.toAbsolutePath(),
                template.toAbsolutePath().toString()), workDir, env, SHORT_COMMAND_TIMEOUT);
        if (result.exitCode() != 0) {
            String reason = result.timedOut() ? "did not finish within " + Durations.describe(SHORT_COMMAND_TIMEOUT)
                    : "rejected it (exit " + result.exitCode() + ")";
            throw new InvalidInputException(mask.mask("packer validate of the rendered template "
                    + template.toAbsolutePath() + " " + reason + ":\n" + result.output().strip()
                    + "\nThe template comes from the plugin's settings: fix the setting this names (the"
                    + " template and var file show the values used)."));
        }
    }

    private ChildProcesses.Captured runShort(List<String> args, Path workDir, Map<String, String> env,
                                             Duration timeout) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(path.toString());
        command.addAll(args);
        try {
            return ChildProcesses.run(command, workDir, withPluginPath(env == null ? Map.of() : env), timeout);
        } catch (IOException e) {
            throw new InvalidInputException(Setting.element("packer") + ": cannot run " + path + " ("
                    + e.getMessage() + "). " + INSTALL_HINT);
        }
    }

    /** Runs the build to its end (see {@link RunningBuild} for how it is stopped). */
    public BuildResult build(BuildRequest request, BuildLog log) throws IOException {
        return start(request, log).await();
    }

    /** Starts the build; the caller must {@link RunningBuild#await()} it. */
    public RunningBuild start(BuildRequest request, BuildLog log) throws IOException {
        BuildLog masked = request.masker().masking(log);
        ProcessBuilder builder = ChildProcesses.builder(buildCommand(request), request.workDir(),
                withPluginPath(buildEnvironment(request)));
        BufferedWriter transcript = openTranscript(request.transcript());
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            transcript.close();
            throw e;
        }
        process.getOutputStream().close();
        masked.info("Running packer " + version + " build of " + request.template().toAbsolutePath()
                + " (full output: " + request.transcript().toAbsolutePath() + ")");
        return new RunningBuild(process, request, masked,
                new BuildOutput(masked, request.masker(), transcript, start));
    }

    /** packer's argv for {@code request}: no secret ever appears here (they go in the environment or the var file). */
    public List<String> buildCommand(BuildRequest request) {
        return List.of(path.toString(), "build", "-machine-readable", "-color=false",
                "-on-error=" + request.onError().flag(), "-var-file=" + request.varFile().toAbsolutePath(),
                request.template().toAbsolutePath().toString());
    }

    private Map<String, String> withPluginPath(Map<String, String> env) {
        if (pluginPath == null || !atLeast(1, 10)) {
            return env;
        }
        Map<String, String> withPath = new java.util.LinkedHashMap<>(env);
        withPath.put("PACKER_PLUGIN_PATH", pluginPath.toString());
        return withPath;
    }

    static Map<String, String> buildEnvironment(BuildRequest request) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PACKER_CACHE_DIR", request.cacheDir().toAbsolutePath().toString());
        env.putAll(request.environment());
        return env;
    }

    /** packer.log, 0600 (it holds the whole build's output), written as the output streams. */
    private static BufferedWriter openTranscript(Path transcript) throws IOException {
        Path parent = transcript.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (AtomicFiles.supportsPosix(parent)) {
            if (Files.exists(transcript)) {
                Files.setPosixFilePermissions(transcript, AtomicFiles.PRIVATE);
            } else {
                Files.createFile(transcript, PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE));
            }
        }
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(transcript,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                StandardCharsets.UTF_8), 64 * 1024);
    }
}
