package org.arvados.maven.packer;

import org.arvados.maven.common.InvalidInputException;

import java.util.Locale;

/** packer's {@code -on-error}: what a failed build leaves behind. {@code ask} is never offered (batch). */
public enum OnError {
    /** Delete everything the build created (packer's default). */
    CLEANUP,
    /** Leave the build VM and its resources for debugging; the user deletes them. */
    ABORT;

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the {@code <onError>} / arvados.onError parameter. */
    public static OnError parse(String value) {
        for (OnError option : values()) {
            if (option.flag().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return option;
            }
        }
        throw new InvalidInputException("<onError> / arvados.onError is '" + value
                + "': use cleanup (delete what a failed build created) or abort (keep the build VM to debug it)");
    }
}
