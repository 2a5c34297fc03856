package org.arvados.maven.packer;

/**
 * A stdout line that is not packer's machine-readable format. The only exception the parser throws;
 * the runner catches it and logs such a line as plain text (packer prints a crash report that way).
 */
public class MalformedOutputException extends RuntimeException {
    public MalformedOutputException(String reason) {
        super(reason);
    }
}
