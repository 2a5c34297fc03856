package org.arvados.maven.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The secrets a config.yml holds (tokens, cloud keys, passwords, an inline private key), to mask them in output. */
final class ConfigSecrets {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|token|password|key).*");

    private ConfigSecrets() {
    }

    /** Every value under a key whose name says secret, token, password or key, and each line of a multi-line one. */
    static Set<String> in(YamlDocument doc) {
        Set<String> secrets = new LinkedHashSet<>();
        collect(TreeCheck.plain(doc.root()), false, secrets);
        return secrets;
    }

    private static void collect(Object tree, boolean secretKey, Set<String> secrets) {
        if (tree instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(value,
                    key instanceof TreeCheck.Scalar scalar && SECRET_KEY.matcher(scalar.value()).matches(), secrets));
        } else if (tree instanceof List<?> list) {
            list.forEach(item -> collect(item, secretKey, secrets));
        } else if (secretKey && tree instanceof TreeCheck.Scalar scalar) {
            add(scalar.value(), secrets);
        }
    }

    static void add(String value, Set<String> secrets) {
        if (value == null || value.startsWith("file://")) {
            return; // a path on the dispatcher host is not a secret
        }
        // Short values of key-named settings are flags and sizes ("true", "22"), not secrets.
        Stream.concat(Stream.of(value), value.lines().map(String::strip))
                .filter(secret -> secret.length() >= 6 && !secret.startsWith("-----"))
                .forEach(secrets::add);
    }
}
