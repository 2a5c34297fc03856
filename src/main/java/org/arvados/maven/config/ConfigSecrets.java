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
    /** What YAML reads as a boolean or nothing: settings such as IssueTrustedTokens: true. */
    private static final Set<String> NOT_TEXT = Set.of(Tag.BOOL.getValue(), Tag.NULL.getValue());
    /** What YAML reads as a number, a secret written unquoted (password: 12345678, token: 5e123456) among them. */
    private static final Set<String> NUMBER = Set.of(Tag.INT.getValue(), Tag.FLOAT.getValue());
    /**
     * A number this long under a secret's key is taken for a secret; a shorter one for a setting (a count, a size),
     * which, masked, would blank every such number in the output.
     */
    private static final int SHORTEST_NUMBER_SECRET = 6;
    /** A Go duration, as TokenLifetime, MaxTokenLifetime and RemoteTokenRefresh take. */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+");

    private ConfigSecrets() {
    }

    /**
     * Every text under a key whose name says secret, token, password or key (not a boolean, a number shorter than
     * six characters or a duration), and each line of a multi-line one.
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
        } else if (secretKey && tree instanceof TreeCheck.Scalar scalar && !isSetting(scalar)) {
            add(scalar.value(), secrets);
        }
    }

    /** A boolean, nothing, a short number or a duration: no secret, as written (the scalar's own text). */
    private static boolean isSetting(TreeCheck.Scalar scalar) {
        return NOT_TEXT.contains(scalar.tag()) || DURATION.matcher(scalar.value()).matches()
                || NUMBER.contains(scalar.tag()) && scalar.value().length() < SHORTEST_NUMBER_SECRET;
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
