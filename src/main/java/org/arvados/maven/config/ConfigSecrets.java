package org.arvados.maven.config;

import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The secrets a config.yml holds (tokens, cloud keys, passwords, an inline private key), to mask them in output. */
final class ConfigSecrets {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|token|password|key).*");
    /** What YAML reads as a boolean, a number or nothing: settings such as IssueTrustedTokens: true. */
    private static final Set<String> NOT_TEXT = Set.of(Tag.BOOL.getValue(), Tag.INT.getValue(), Tag.FLOAT.getValue(),
            Tag.NULL.getValue());
    /** A Go duration, as TokenLifetime, MaxTokenLifetime and RemoteTokenRefresh take. */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+");

    private ConfigSecrets() {
    }

    /**
     * Every text under a key whose name says secret, token, password or key (not a boolean, number or duration),
     * and each line of a multi-line one.
     */
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
        } else if (secretKey && tree instanceof TreeCheck.Scalar scalar && !NOT_TEXT.contains(scalar.tag())
                && !DURATION.matcher(scalar.value()).matches()) {
            add(scalar.value(), secrets);
        }
    }

    static void add(String value, Set<String> secrets) {
        if (value == null || value.startsWith("file://")) {
            return; // a path on the dispatcher host is not a secret
        }
        // However short, a text is masked (SecretMasker masks very short ones where they stand alone); the armor
        // lines of an inline PEM key are no secret.
        Stream.concat(Stream.of(value), value.lines().map(String::strip))
                .filter(secret -> !secret.isEmpty() && !secret.startsWith("-----"))
                .forEach(secrets::add);
    }
}
