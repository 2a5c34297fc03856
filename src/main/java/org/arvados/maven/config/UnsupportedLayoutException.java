package org.arvados.maven.config;

import org.arvados.maven.common.InvalidInputException;

/** The file is YAML, but not laid out in a way this plugin can edit without risking other bytes. */
public class UnsupportedLayoutException extends InvalidInputException {
    public UnsupportedLayoutException(String problem) {
        super(problem);
    }
}
