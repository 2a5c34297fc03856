package org.arvados.maven.prune;

/** A cloud API call failed: the message names the call and what it was about, and what the cloud answered. */
public class CloudCallException extends RuntimeException {
    public CloudCallException(String call, String reason) {
        super(call + " failed: " + reason);
    }
}
