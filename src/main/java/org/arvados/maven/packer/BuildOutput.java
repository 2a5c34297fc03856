package org.arvados.maven.packer;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.SecretMasker;
import org.arvados.maven.process.BoundedTail;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Turns packer's output, line by line as it arrives, into log lines (with the elapsed time, secrets
 * masked), the masked transcript (packer.log), the artifacts and the errors. Keeps no line it has
 * handled except a bounded tail of errors, so memory stays flat however long the build talks.
 * stdout and stderr are fed from two threads; each feed is single-threaded.
 */
final class BuildOutput {
    static final int MAX_ERRORS = 50;
    static final int ERROR_TAIL = 20;

    private final BuildLog log;
    private final SecretMasker masker;
    private final Writer transcript;
    private final long startNanos;
    private final ArtifactCollector artifacts = new ArtifactCollector();
    private final BoundedTail errors = new BoundedTail(MAX_ERRORS);
    private final BoundedTail errorTail = new BoundedTail(ERROR_TAIL);
    private boolean transcriptBroken;

    /** {@code transcript} may be null (no packer.log); it is written and flushed as lines arrive. */
    BuildOutput(BuildLog log, SecretMasker masker, Writer transcript, long startNanos) {
        this.log = log;
        this.masker = masker;
        this.transcript = transcript;
        this.startNanos = startNanos;
    }

    /** One stdout line: machine-readable, or plain text (logged as is) when packer printed something else. */
    void stdout(String raw) {
        MachineReadableLine line;
        PackerEvent event;
        try {
            line = MachineReadableParser.parseLine(raw).mapData(masker::mask);
            event = MachineReadableParser.event(line);
        } catch (MalformedOutputException e) {
            String masked = masker.mask(raw);
            write(masked);
            log.info(prefix() + masked);
            return;
        }
        write(line.encode());
        handle(event);
    }

    /** One stderr line (crash reports, PACKER_LOG output). */
    void stderr(String raw) {
        String masked = masker.mask(raw);
        write("stderr: " + masked);
        errorTail.add(masked);
        log.info(prefix() + "packer stderr: " + masked);
    }

    private void handle(PackerEvent event) {
        if (event instanceof PackerEvent.Ui ui) {
            logUi(ui);
        } else if (event instanceof PackerEvent.ArtifactField field) {
            artifacts.accept(field);
        } else if (event instanceof PackerEvent.BuildError error) {
            // packer also says it in a ui error line, which is what gets logged.
            errors.add(error.build().isEmpty() ? error.message() : error.build() + ": " + error.message());
        }
    }

    private void logUi(PackerEvent.Ui ui) {
        String prefix = prefix();
        for (String text : ui.text().split("\n")) {
            String shown = lastCarriageReturnSegment(text);
            if (shown.isBlank()) {
                continue;
            }
            if (ui.level() == PackerEvent.UiLevel.ERROR) {
                errorTail.add(shown);
                log.warn(prefix + shown);
            } else {
                log.info(prefix + shown);
            }
        }
    }

    /** A progress line redrawn with CRs shows only its last state. */
    private static String lastCarriageReturnSegment(String text) {
        String trimmed = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        int cr = trimmed.lastIndexOf('\r');
        return cr < 0 ? trimmed : trimmed.substring(cr + 1);
    }

    /** {@code [mm:ss] } since the build started, {@code [h:mm:ss] } after an hour. */
    private String prefix() {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        return hours > 0 ? String.format("[%d:%02d:%02d] ", hours, minutes, secs)
                : String.format("[%02d:%02d] ", minutes, secs);
    }

    private void write(String line) {
        if (transcript == null) {
            return;
        }
        synchronized (transcript) {
            if (transcriptBroken) {
                return;
            }
            try {
                transcript.write(line);
                transcript.write('\n');
            } catch (IOException e) {
                transcriptBroken = true;
                log.warn("Could not write packer.log (" + e.getMessage() + "); the build goes on without it");
            }
        }
    }

    /** Called when no line is waiting, so packer.log is complete up to now without a flush per line. */
    void flush() {
        if (transcript == null) {
            return;
        }
        synchronized (transcript) {
            try {
                if (!transcriptBroken) {
                    transcript.flush();
                }
            } catch (IOException e) {
                transcriptBroken = true;
            }
        }
    }

    void close() {
        if (transcript == null) {
            return;
        }
        synchronized (transcript) {
            try {
                transcript.close();
            } catch (IOException e) {
                log.warn("Could not finish packer.log: " + e.getMessage());
            }
        }
    }

    List<Artifact> artifacts() {
        return artifacts.artifacts();
    }

    List<String> errors() {
        return errors.list();
    }

    List<String> lastErrorLines() {
        return errorTail.list();
    }
}
