package org.arvados.maven.packer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles {@link Artifact}s from {@code artifact} lines. With a manifest post-processor packer lists
 * each artifact twice (count 2, indexes 0 and 1): the second copy with the same build and ID is dropped.
 */
final class ArtifactCollector {
    private final Map<String, Draft> drafts = new HashMap<>();
    private final Map<String, Artifact> artifacts = new LinkedHashMap<>();

    synchronized void accept(PackerEvent.ArtifactField field) {
        String key = field.build() + '\u0000' + field.index();
        Draft draft = drafts.computeIfAbsent(key, k -> new Draft());
        switch (field.field()) {
            case "builder-id" -> draft.builderId = field.value();
            case "id" -> draft.id = field.value();
            case "string" -> draft.description = field.value();
            // file,<n>,<path>
            case "file" -> draft.files.add(String.join(",", field.values().subList(Math.min(1, field.values().size()),
                    field.values().size())));
            case "end" -> {
                drafts.remove(key);
                artifacts.putIfAbsent(field.build() + '\u0000' + draft.id, draft.toArtifact(field.build()));
            }
            default -> { } // files-count, nil: nothing to keep
        }
    }

    synchronized List<Artifact> artifacts() {
        return List.copyOf(artifacts.values());
    }

    private static final class Draft {
        String builderId = "";
        String id = "";
        String description = "";
        final List<String> files = new ArrayList<>();

        Artifact toArtifact(String build) {
            return new Artifact(build, builderId, id, description, files);
        }
    }
}
