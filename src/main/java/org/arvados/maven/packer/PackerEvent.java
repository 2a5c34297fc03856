package org.arvados.maven.packer;

import java.util.List;

/** What a machine-readable line means to the runner. */
public sealed interface PackerEvent {
    /** A {@code ui} line: what packer shows a person. Text may span several lines. */
    record Ui(UiLevel level, String text) implements PackerEvent {
    }

    /** {@code <build>,artifact-count,N}. */
    record ArtifactCount(String build, int count) implements PackerEvent {
    }

    /** {@code <build>,artifact,N,<field>,values...}, e.g. {@code builder-id}, {@code id}, {@code end}. */
    record ArtifactField(String build, int index, String field, List<String> values) implements PackerEvent {
        public ArtifactField {
            values = List.copyOf(values);
        }

        public String value() {
            return values.isEmpty() ? "" : String.join(",", values);
        }
    }

    /** {@code <build>,error,<message>}: why one build failed. */
    record BuildError(String build, String message) implements PackerEvent {
    }

    /** {@code ,,error-count,N}. */
    record ErrorCount(int count) implements PackerEvent {
    }

    /** Any other type (version, template info, ...): kept for the transcript only. */
    record Other(String type) implements PackerEvent {
    }

    enum UiLevel {
        SAY, MESSAGE, ERROR;

        static UiLevel of(String name) {
            return switch (name) {
                case "say" -> SAY;
                case "error" -> ERROR;
                // "message" and any level a later packer may add are plain output.
                default -> MESSAGE;
            };
        }
    }
}
