package org.arvados.maven.common;

/**
 * An external tool (packer) ran and failed, or its result cannot be trusted. Unlike
 * {@link InvalidInputException} the configuration may be fine; the message (already masked) says what
 * the tool reported and where the full output is.
 */
public class BuildFailedException extends RuntimeException {
    public BuildFailedException(String message) {
        super(message);
    }
}
