package org.arvados.maven.cloudtest;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.config.DispatcherConfig;
import org.arvados.maven.config.ImageInUse;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.ledger.LedgerEntry;
import org.arvados.maven.process.BoundedTail;
import org.arvados.maven.process.Executables;
import org.arvados.maven.process.SupervisedProcess;
import org.arvados.maven.process.SupervisedProcess.StopReason;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries an image the way the dispatcher would use it: {@code arvados-server cloudtest} starts one VM from it with
 * the cluster's config.yml, waits for the boot probe, runs the runner's probe, and destroys the VM. The result goes
 * into the image's ledger entry, which update-config and check-config then consult.
 */
public final class CloudtestRun {
    /** Output lines a failed run keeps in the ledger: enough for cloudtest's last errors. */
    static final int OUTPUT_TAIL = 20;
    /** The most a failed run adds to the committed ledger, in UTF-8 bytes of its lines, however long they are. */
    static final int OUTPUT_TAIL_BYTES = 8 * 1024;
    /** A longer line keeps its start: logrus' lines are a few hundred bytes. */
    static final int OUTPUT_LINE_BYTES = 1024;

    private final BuildLog log;
    private final Clock clock;

    public CloudtestRun(BuildLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Runs cloudtest (or says what it would run) and records the result; empty for a dry run. */
    public Optional<ImageRecord.Cloudtest> run(CloudtestRequest request) throws IOException {
        DispatcherConfig config = DispatcherConfig.read(request.configFile(), request.clusterId());
        checkInstanceType(request, config);
        Ledger ledger = Ledger.read(request.ledgerFile());
        ImageRecord image = image(request, config, ledger);
        String imageId = new LedgerEntry(ledger, image).imageIdIn(config.region()).orElseThrow(() -> new InvalidInputException("Image "
                + image.imageId() + " has copies in " + String.join(", ", image.regions().keySet()) + ", but "
                + request.configFile() + "'s DriverParameters.Region is " + config.region() + ": add it to"
                + " <aws><amiRegions> and rebuild."));
        List<String> command = command(request, imageId);
        Optional<Path> binary = Executables.find(request.arvadosServer());
        if (request.dryRun()) {
            log.info("Dry run (arvados.dryRun): would run " + shellWords(command) + binary.map(path -> "")
                    .orElse(" (" + notFound(request) + ")") + ", and record the result in " + ledger.file() + ".");
            return Optional.empty();
        }
        ledger.checkWritable("cloudtest was not run");
        command.set(0, binary.orElseThrow(() -> new InvalidInputException(notFound(request))).toString());
        ImageRecord.Cloudtest result = execute(command, request, config, imageId);
        ledger.update(image, entry -> entry.withCloudtest(result));
        verdict(result, imageId, request, ledger.file());
        return Optional.of(result);
    }

    private static void checkInstanceType(CloudtestRequest request, DispatcherConfig config) {
        if (request.instanceType() != null && !config.instanceTypes().contains(request.instanceType())) {
            throw new InvalidInputException("<instanceType> (arvados.cloudtest.instanceType) is "
                    + request.instanceType() + ", which " + request.configFile() + " does not list under InstanceTypes ("
                    + String.join(", ", config.instanceTypes()) + "): pick one of them, or leave it out for the cheapest.");
        }
    }

    /** The ledger entry to try: the one {@code imageId} names (itself or a copy), else the latest of the cluster. */
    private static ImageRecord image(CloudtestRequest request, DispatcherConfig config, Ledger ledger) {
        String cloud = config.cloud().id();
        if (request.imageId() == null) {
            return ledger.latest(cloud, config.clusterId()).orElseThrow(() -> new InvalidInputException("No image of"
                    + " cluster " + config.clusterId() + " for " + cloud + " is recorded in " + ledger.file()
                    + " (arvados.ledgerFile): run the image goal first, or pass -Darvados.imageId=<a recorded image>."));
        }
        return new ImageInUse(config.clusterId(), request.imageId(), null).entry(ledger, cloud)
                .orElseThrow(() -> new InvalidInputException("<imageId> (arvados.imageId) is " + request.imageId()
                        + ", which " + ledger.file() + " does not record for cluster " + config.clusterId() + " on "
                        + cloud + ": cloudtest's result goes into the image's ledger entry, so try an image the"
                        + " ledger has."));
    }

    /** cloudtest's command line: paths and names only (config.yml's secrets stay in the file). */
    private static List<String> command(CloudtestRequest request, String imageId) {
        List<String> command = new ArrayList<>(List.of(request.arvadosServer(), "cloudtest",
                "-config", request.configFile().toAbsolutePath().toString(), "-image-id", imageId));
        if (request.instanceType() != null) {
            command.addAll(List.of("-instance-type", request.instanceType()));
        }
        if (request.command() != null) {
            command.addAll(List.of("-command", request.command()));
        }
        if (request.destroyExisting()) {
            command.add("-destroy-existing");
        }
        return command;
    }

    private ImageRecord.Cloudtest execute(List<String> command, CloudtestRequest request, DispatcherConfig config,
                                          String imageId) throws IOException {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        log.info("Trying image " + imageId + " with arvados-server cloudtest (" + config.cloud().id() + ", "
                + (request.instanceType() == null ? "the cheapest instance type" : request.instanceType())
                + "; at most " + Durations.describe(request.timeout()) + "):");
        BoundedTail tail = new BoundedTail(OUTPUT_TAIL, OUTPUT_LINE_BYTES, OUTPUT_TAIL_BYTES);
        BuildLog masked = config.secrets().masking(log);
        java.util.function.Consumer<String> sink = line -> {
            // Masked first, then cut: a cut of the raw line could leave a secret's head.
            String clean = config.secrets().mask(line);
            tail.add(clean);
            log.info("[cloudtest] " + clean);
        };
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        SupervisedProcess.Outcome outcome = new SupervisedProcess(process, "cloudtest", request.timeout(),
                request.cleanupTimeout(), sink, sink, () -> { }, masked, stopMessages(request)).await();
        long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        if (outcome.stopReason() == StopReason.SHUTDOWN || outcome.stopReason() == StopReason.CANCELLED) {
            throw new BuildFailedException("cloudtest of " + imageId + " was stopped before it finished; nothing was"
                    + " recorded in " + request.ledgerFile() + ".");
        }
        boolean passed = outcome.exitCode() == 0 && !outcome.stopped();
        if (outcome.stopReason() == StopReason.TIMEOUT) {
            tail.add("(stopped: no result within " + Durations.describe(request.timeout()) + ", <timeout>"
                    + " (arvados.cloudtest.timeout))");
        }
        List<String> lines = passed ? List.of() : tail.list();
        return new ImageRecord.Cloudtest(passed, started, seconds, request.instanceType(), lines);
    }

    private static SupervisedProcess.StopMessages stopMessages(CloudtestRequest request) {
        return new SupervisedProcess.StopMessages() {
            @Override
            public String stopping(StopReason reason) {
                String why = switch (reason) {
                    case SHUTDOWN -> "Maven is stopping (Ctrl-C or SIGTERM) while cloudtest runs";
                    case CANCELLED -> "cloudtest was cancelled";
                    case TIMEOUT -> "cloudtest did not finish within " + Durations.describe(request.timeout())
                            + " (<timeout> / arvados.cloudtest.timeout)";
                };
                return why + ": stopping it (SIGTERM); it destroys its test VM now. Waiting up to "
                        + Durations.describe(request.cleanupTimeout()) + " for that; do not kill Maven meanwhile.";
            }

            @Override
            public String killed(int count) {
                return "cloudtest did not finish destroying its test VM within "
                        + Durations.describe(request.cleanupTimeout()) + "; killed it (" + count + " processes). Its VM"
                        + " (tagged InstanceSetID=cloudtest-<user>@<host>) may still run: delete it in the cloud"
                        + " console, or run cloudtest again with <destroyExisting>true</destroyExisting>.";
            }
        };
    }

    private void verdict(ImageRecord.Cloudtest result, String imageId, CloudtestRequest request, Path ledgerFile) {
        String how = imageId + " on " + (result.instanceType() == null ? "the cheapest instance type"
                : result.instanceType()) + ", " + Durations.describe(Duration.ofSeconds(result.durationSeconds()));
        if (result.passed()) {
            log.info("cloudtest PASSED for " + how + "; recorded in " + ledgerFile + ". Next: arvados:update-config"
                    + " writes the image into " + request.configFile() + ".");
            return;
        }
        throw new BuildFailedException("cloudtest FAILED for " + how + "; recorded in " + ledgerFile + ", so"
                + " update-config and check-config refuse the image until a run passes. Its last lines:\n  "
                + String.join("\n  ", result.outputTail()) + "\nFix the image or " + request.configFile()
                + " and run arvados:cloudtest again.");
    }

    /** The command as one would type it: words with spaces or quotes in single quotes. */
    static String shellWords(List<String> command) {
        return command.stream().map(word -> word.matches("[\\w@%+=:,./-]+") ? word
                : "'" + word.replace("'", "'\\''") + "'").collect(java.util.stream.Collectors.joining(" "));
    }

    private static String notFound(CloudtestRequest request) {
        return "<arvadosServer> (arvados.arvadosServer) is '" + request.arvadosServer() + "' and "
                + Executables.whereLooked(request.arvadosServer()) + ": install arvados-server of the cluster's"
                + " Arvados release here (apt install arvados-server, from Arvados' repository), or point"
                + " <arvadosServer> at it";
    }
}
