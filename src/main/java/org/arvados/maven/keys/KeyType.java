package org.arvados.maven.keys;

import java.util.Locale;
import java.util.Optional;

/** The kinds of key this plugin generates. RSA is the default: EC2 only imported RSA keys before Arvados 3.2. */
public enum KeyType {
    RSA("rsa"),
    ED25519("ed25519");

    private final String parameterValue;

    KeyType(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value a user writes in {@code <keyType>}. */
    public String parameterValue() {
        return parameterValue;
    }

    /** The key type named by a {@code <keyType>} value (case-insensitive), if it is one. */
    public static Optional<KeyType> fromParameter(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (KeyType type : values()) {
            if (type.parameterValue.equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
