package org.arvados.maven.config;

import java.util.List;
import java.util.Objects;

/**
 * One intended change to a YAML document: set the scalar at {@code path} (creating missing mappings on
 * the way), or remove the key at {@code path} ({@code value == null}).
 *
 * @param path  mapping keys from the document root, e.g. {@code [Clusters, zzzzz, Containers, CloudVMs, ImageID]}
 * @param value the new string value, or null to remove the key
 */
public record ConfigEdit(List<String> path, String value) {
    public ConfigEdit {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("an edit needs a non-empty path");
        }
    }

    public static ConfigEdit set(List<String> path, String value) {
        return new ConfigEdit(path, Objects.requireNonNull(value, "value"));
    }

    public static ConfigEdit remove(List<String> path) {
        return new ConfigEdit(path, null);
    }

    public boolean isRemoval() {
        return value == null;
    }

    public String key() {
        return path.get(path.size() - 1);
    }

    public List<String> parentPath() {
        return path.subList(0, path.size() - 1);
    }

    /** The path as people write it in docs: {@code Clusters.zzzzz.Containers.CloudVMs.ImageID}. */
    public String dottedPath() {
        return String.join(".", path);
    }
}
