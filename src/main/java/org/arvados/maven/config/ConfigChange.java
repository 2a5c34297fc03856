package org.arvados.maven.config;

/**
 * What an edit actually did to the file, for the log.
 *
 * @param path     the dotted key path
 * @param oldValue the value before (null when the key was inserted)
 * @param newValue the value after (null when the key was removed)
 */
public record ConfigChange(String path, String oldValue, String newValue) {
    /** One log line; multi-line values (inline private keys) are summarised, never printed. */
    public String describe() {
        if (oldValue == null) {
            return path + ": inserted " + shown(newValue);
        }
        if (newValue == null) {
            return path + ": removed (was " + shown(oldValue) + ")";
        }
        return path + ": " + shown(oldValue) + " -> " + shown(newValue);
    }

    private static String shown(String value) {
        String trimmed = value.strip();
        return trimmed.contains("\n") ? "(a value of " + trimmed.split("\n").length + " lines)" : value;
    }
}
