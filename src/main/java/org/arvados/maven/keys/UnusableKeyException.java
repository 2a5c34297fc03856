package org.arvados.maven.keys;

/** A private key file the dispatcher could not use. The message describes the file, never its content. */
public final class UnusableKeyException extends Exception {
    public enum Reason {
        /** Protected by a passphrase: the dispatcher cannot ask for one. */
        ENCRYPTED,
        /** A readable key of a type the dispatcher does not take (DSA, Ed448, ...). */
        UNSUPPORTED,
        /** Not a private key in any format the dispatcher reads. */
        UNREADABLE
    }

    private final Reason reason;

    public UnusableKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
