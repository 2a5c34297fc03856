package org.arvados.maven.image;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Json;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;
import org.arvados.maven.packer.Artifact;
import org.arvados.maven.packer.BuildRequest;
import org.arvados.maven.packer.BuildResult;
import org.arvados.maven.packer.MachineReadableParser;
import org.arvados.maven.packer.Manifest;
import org.arvados.maven.packer.PackerExecutable;
import org.arvados.maven.packer.PackerPlugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An image goal from settings to record: validate everything, render, skip when up to date, validate
 * with packer, build, read the artifact, cross-check the manifest, record and append to the ledger.
 * The cloud's class supplies what differs, so nothing here branches on the cloud.
 */
public final class ImagePipeline {
    /** Outcome of a run: what happened and, unless a dry run, the image. */
    public enum Status { BUILT, UP_TO_DATE, DRY_RUN }

    public record Outcome(Status status, RenderedImage rendered, ImageRecord record) {
        public Optional<ImageRecord> image() {
            return Optional.ofNullable(record);
        }
    }

    /** Where packer 1.10+ keeps the build's plugins (PACKER_PLUGIN_PATH), under the output directory. */
    public static final String PLUGIN_FOLDER = "packer-plugins";

    private final Clock clock;

    public ImagePipeline(Clock clock) {
        this.clock = clock;
    }

    public Outcome run(ImageRequest request, BuildLog log) throws IOException {
        CloudImage cloud = request.cloud();
        ImageCheck check = ImageCheck.of(request.spec(), cloud);
        Map<String, String> environment = validate(request, check, log);
        try (RunLock lock = RunLock.acquire(request.outputDirectory(), cloud.name(), log)) {
            return runLocked(request, check, environment, log);
        }
    }

    private Outcome runLocked(ImageRequest request, ImageCheck check, Map<String, String> environment, BuildLog log)
            throws IOException {
        CloudImage cloud = request.cloud();
        Ledger ledger = Ledger.read(request.ledgerFile());
        SecretMasker masker = new SecretMasker(cloud.secretValues(environment), MachineReadableParser.FORMS);
        Optional<PackerExecutable> packer = locatePacker(request, log)
                .map(found -> found.withPluginPath(request.outputDirectory().resolve(PLUGIN_FOLDER)));
        String packerVersion = packer.map(PackerExecutable::version).orElse("unknown");
        RenderedImage rendered = ImageRenderer.render(check, request.outputDirectory(), packerVersion, clock.instant());
        log.info("Rendered the " + cloud.name() + " packer template: " + rendered.template()
                + " (inputs hash " + rendered.inputsHash() + ")");
        cloud.limitations(new PackerRelease(packerVersion)).forEach(missing -> log.warn(missing + "."));
        // A signal to Maven skips the finally below; the JVM's exit still deletes it, after the shutdown hook
        // that waits for packer.
        rendered.varFile().toFile().deleteOnExit();
        try {
            if (packer.isEmpty()) {
                return dryRunWithoutPacker(request, rendered, log);
            }
            return runPacker(request, ledger, packer.get(), rendered, environment, masker, log);
        } finally {
            Files.deleteIfExists(rendered.varFile());
        }
    }

    private Outcome runPacker(ImageRequest request, Ledger ledger, PackerExecutable packer, RenderedImage rendered,
                              Map<String, String> environment, SecretMasker masker, BuildLog log) throws IOException {
        if (!request.dryRun() && !request.force()) {
            Optional<ImageRecord> current = upToDate(ledger, request, rendered);
            if (current.isPresent()) {
                Ledger.writeRecord(request.recordFile(), current.get());
                log.info("Image " + current.get().imageId() + " (built " + current.get().builtAt()
                        + ") is up to date with these inputs: no build. Set arvados.force=true to rebuild.");
                return new Outcome(Status.UP_TO_DATE, rendered, current.get());
            }
        }
        // An up-to-date image needs nothing more; a build needs the cloud, and a plugin install the network.
        if (request.offline() && !request.dryRun()) {
            throw new InvalidInputException("Maven is offline (-o), and building an image needs the cloud: run"
                    + " without -o, or set arvados.dryRun=true to render and validate only.");
        }
        Optional<PackerPlugin> plugin = packer.ensurePlugin(request.cloud().plugin(),
                request.cloud().cloud().setting("pluginVersion"), !request.offline(), log);
        packer.validate(rendered.dir(), rendered.template(), rendered.varFile(), environment, masker);
        log.info("packer validate: the template is valid.");
        BuildRequest buildRequest = buildRequest(request, rendered, environment, masker);
        if (request.dryRun()) {
            log.info("Dry run (arvados.dryRun=true): not building. A build would run, in " + rendered.dir() + ":");
            log.info("  " + masker.mask(String.join(" ", packer.buildCommand(buildRequest))));
            log.info("  (the var file holds no secret; like every run's, it is deleted when the goal ends)");
            log.info("A real build needs arvados.dryRun=false and credentials: " + request.cloud().credentialSources()
                    + ".");
            return new Outcome(Status.DRY_RUN, rendered, null);
        }
        ledger.checkWritable("nothing was built");
        ImageRecord record = build(request, packer, rendered, buildRequest,
                plugin.map(PackerPlugin::toString).orElse(null), log);
        record(request, ledger, record);
        log.info("Built image " + record.imageId() + (record.region() == null ? "" : " in " + record.region())
                + (record.regions().size() > 1 ? " (copies: " + describe(record.regions()) + ")" : "")
                + ". Recorded in " + request.recordFile() + " and " + request.ledgerFile() + ".");
        if (record.bom() != null) {
            log.info("The image holds: " + record.bom().summary() + ".");
        }
        log.info("Next: mvn arvados:cloudtest -Darvados.configFile=<config.yml> tries it as the dispatcher would,"
                + " then arvados:update-config writes it into the cluster config.");
        return new Outcome(Status.BUILT, rendered, record);
    }

    /**
     * The ledger first (the record file only repeats its latest entry). A built image costs money until deleted:
     * if it cannot be recorded, the error says what to record by hand.
     */
    private static void record(ImageRequest request, Ledger ledger, ImageRecord record) throws IOException {
        try {
            ledger.append(record);
            Ledger.writeRecord(request.recordFile(), record);
        } catch (IOException | RuntimeException e) {
            throw new BuildFailedException("packer built " + record.artifactId() + " (image " + record.imageId()
                    + ") but it could not be recorded in " + request.recordFile() + " and " + request.ledgerFile()
                    + " (" + e.getMessage() + "). The image exists: add this entry to the ledger's \"images\" by hand,"
                    + " or delete the image in the cloud:\n" + Json.write(record));
        }
    }

    private static BuildRequest buildRequest(ImageRequest request, RenderedImage rendered,
                                             Map<String, String> environment, SecretMasker masker) {
        return new BuildRequest(rendered.dir(), rendered.template(), rendered.varFile(),
                rendered.onError(), environment, masker, request.timeout(), request.cleanupTimeout(),
                rendered.dir().resolve(ImageRenderer.PACKER_LOG), request.outputDirectory().resolve("packer_cache"));
    }

    private ImageRecord build(ImageRequest request, PackerExecutable packer, RenderedImage rendered,
                              BuildRequest buildRequest, String packerPlugin, BuildLog log) throws IOException {
        Files.deleteIfExists(rendered.manifestFile());
        Files.deleteIfExists(rendered.dir().resolve(ImageRenderer.BOM_FILE));
        BuildResult result = packer.build(buildRequest, log);
        if (!result.succeeded()) {
            throw new BuildFailedException(failure(result, rendered));
        }
        Artifact artifact = artifact(result, rendered);
        ImageLocation location;
        try {
            location = request.cloud().locate(artifact.id());
        } catch (IllegalArgumentException e) {
            throw new BuildFailedException("packer built " + artifact.id() + ", which is not a " + request.cloud().name()
                    + " image ID the plugin can read (" + e.getMessage() + "); nothing was recorded. Output: "
                    + rendered.dir().resolve(ImageRenderer.PACKER_LOG));
        }
        return new ImageRecord(request.cloud().name(), request.spec().clusterId(), location.imageId(),
                location.region(), location.regions(), artifact.id(), clock.instant(), packer.version(),
                rendered.inputsHash(), relativeToLedger(request, rendered.template()), packerPlugin,
                request.cloud().gallery(rendered.variables()).orElse(null), builtWith(rendered, request.cloud()),
                billOfMaterials(rendered, log));
    }

    /**
     * What the image was provisioned with: the environment its template gave provision.sh. The provisioning
     * makes /tmp the EBS autoscaler's where AWS_EBS_AUTOSCALE is true, the instance's disks otherwise.
     */
    private static ImageRecord.BuiltWith builtWith(RenderedImage rendered, CloudImage cloud) {
        Map<String, String> provisioned = rendered.provisioningEnvironment();
        boolean ebsAutoscale = Boolean.parseBoolean(provisioned.get("AWS_EBS_AUTOSCALE"));
        return new ImageRecord.BuiltWith(provisioned.get("ADMIN_USERNAME"), Integer.valueOf(provisioned.get("SSH_PORT")),
                provisioned.get("RUNTIME_ENGINE"), Boolean.valueOf(provisioned.get("NVIDIA_GPU_SUPPORT")),
                ebsAutoscale, ebsAutoscale ? "ebs-autoscale" : "disks", rendered.keyFingerprint(),
                cloud.workerInstanceProfile());
    }

    /**
     * The bill of materials packer fetched from the build VM, or null (said in the log): the image exists either
     * way, and its record must not be lost over a missing or unreadable list.
     */
    private static ImageRecord.BillOfMaterials billOfMaterials(RenderedImage rendered, BuildLog log) {
        Path file = rendered.dir().resolve(ImageRenderer.BOM_FILE);
        if (!Files.isRegularFile(file)) {
            log.warn("packer brought back no bill of materials (" + file + "): the ledger entry will not say what"
                    + " the image holds.");
            return null;
        }
        try {
            return Json.read(Files.readAllBytes(file), ImageRecord.BillOfMaterials.class);
        } catch (IOException e) {
            log.warn("The image's bill of materials " + file + " is not readable JSON (" + e.getMessage()
                    + "): the ledger entry will not say what the image holds.");
            return null;
        }
    }

    /** The ledger is committed: the paths in it must not depend on where the ops repository is checked out. */
    private static String relativeToLedger(ImageRequest request, Path file) {
        Path ledgerDir = request.ledgerFile().toAbsolutePath().getParent();
        return ledgerDir.relativize(file.toAbsolutePath()).toString();
    }

    private static Optional<ImageRecord> upToDate(Ledger ledger, ImageRequest request, RenderedImage rendered) {
        return ledger.latest(request.cloud().name(), request.spec().clusterId())
                .filter(image -> rendered.inputsHash().equals(new LedgerEntry(ledger, image).inputsHash()));
    }

    /** The one artifact of this run, which this run's manifest entry must confirm. */
    private static Artifact artifact(BuildResult result, RenderedImage rendered) throws IOException {
        if (result.artifacts().size() != 1) {
            throw new BuildFailedException("packer build succeeded but reported " + result.artifacts().size()
                    + " artifacts (expected 1: " + result.artifacts().stream().map(Artifact::id).toList()
                    + "); nothing was recorded. Output: " + rendered.dir().resolve(ImageRenderer.PACKER_LOG));
        }
        Artifact artifact = result.artifacts().get(0);
        List<Manifest.Build> manifest;
        try {
            manifest = Manifest.readLastRun(rendered.manifestFile());
        } catch (NoSuchFileException e) {
            manifest = List.of();
        }
        boolean confirmed = manifest.stream().anyMatch(build -> artifact.id().equals(build.artifactId()));
        if (!confirmed) {
            throw new BuildFailedException("packer reported artifact " + artifact.id() + " but this run's manifest "
                    + rendered.manifestFile() + " lists " + manifest.stream().map(Manifest.Build::artifactId).toList()
                    + "; nothing was recorded. Check packer.log in " + rendered.dir() + ".");
        }
        return artifact;
    }

    private static String failure(BuildResult result, RenderedImage rendered) {
        String why = result.timedOut() ? "timed out and was cancelled"
                : result.cancelled() ? "was cancelled" : "failed (exit " + result.exitCode() + ")";
        List<String> lines = result.errors().isEmpty() ? result.lastErrorLines() : result.errors();
        String detail = lines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lines);
        String leak = result.killed() ? "\npacker did not finish cleaning up and was killed: check the cloud"
                + " console for a leftover build VM, key pair or security group." : "";
        return "packer build " + why + detail + leak + "\nFull output: " + rendered.dir().resolve(ImageRenderer.PACKER_LOG)
                + ". The image record and ledger are unchanged.";
    }

    /**
     * Every problem of the parameters, the settings' check and, for a build, of the credentials, in one error (a
     * user fixing the POM should not meet the missing credentials only on the next run). Returns packer's
     * environment.
     */
    private static Map<String, String> validate(ImageRequest request, ImageCheck check, BuildLog log) {
        Problems problems = new Problems();
        request.parameterProblems().forEach(problems::add);
        check.problems().forEach(problems::add);
        Map<String, String> environment = Map.of();
        if (check.credentialSourceSound()) {
            try {
                environment = packerEnvironment(request, log);
            } catch (InvalidInputException e) {
                e.problems().forEach(problems::add);
            }
        }
        problems.throwIfAny();
        return environment;
    }

    /** Credentials for packer's environment; a dry run goes on without them and says what a build needs. */
    private static Map<String, String> packerEnvironment(ImageRequest request, BuildLog log) {
        try {
            return request.cloud().packerEnvironment(request.server().get());
        } catch (InvalidInputException e) {
            if (!request.dryRun()) {
                throw e;
            }
            log.warn("A real build needs credentials: " + e.getMessage());
            return Map.of();
        }
    }

    private static Optional<PackerExecutable> locatePacker(ImageRequest request, BuildLog log) {
        try {
            return Optional.of(PackerExecutable.locate(request.packer()));
        } catch (InvalidInputException e) {
            if (!request.dryRun()) {
                throw e;
            }
            log.warn(e.getMessage());
            return Optional.empty();
        }
    }

    private static Outcome dryRunWithoutPacker(ImageRequest request, RenderedImage rendered, BuildLog log) {
        log.warn("Dry run without packer: rendered " + rendered.dir() + " but could not run `packer validate`."
                + " Install packer to validate and build.");
        return new Outcome(Status.DRY_RUN, rendered, null);
    }

    private static String describe(Map<String, String> regions) {
        return regions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }
}
