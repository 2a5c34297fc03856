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

    /**
     * The {@code <onError>} parameter: cleanup or abort, case mattering as for every other choice of the POM;
     * unset or blank is packer's default, cleanup.
     */
    public static OnError parse(String value) {
        if (value == null || value.isBlank()) {
            return CLEANUP;
        }
        for (OnError option : values()) {
            if (option.flag().equals(value.trim())) {
                return option;
            }
        }
        throw new InvalidInputException("<onError> (arvados.onError) is '" + value
                + "': use cleanup (delete what a failed build created) or abort (keep the build VM to debug it)");
    }
}
