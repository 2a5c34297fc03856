package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers a cloud's credentials for packer's environment from a settings.xml server or a secrets
 * file, taking only the names the cloud asks for. Messages name settings and variables, never values.
 */
final class Credentials {
    private Credentials() {
    }

    /**
     * The problems of a cloud's credential source: a secrets file that is not there ({@code secretsFileHolds} says
     * what it should be), or more than one of {@code sources} (setting -> value, null when not given).
     */
    static List<String> sourceProblems(Cloud cloud, Path secretsFile, String secretsFileHolds,
                                       Map<String, Object> sources) {
        Problems problems = new Problems();
        Checks.existingFile(problems, cloud.setting("secretsFile"), secretsFile, secretsFileHolds);
        List<String> given = sources.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        problems.check(given.size() <= 1, "<" + cloud.id() + "> has " + String.join(" and ", given.stream()
                .map(name -> cloud.setting(name)).toList()) + ": give only one way to the credentials");
        return problems.list();
    }

    /**
     * The values of {@code names} from the secrets file, or from the server (username -> {@code names[0]},
     * password -> {@code names[1]}). {@code required} names must then be present.
     */
    static Map<String, String> read(Cloud cloud, Path secretsFile, String serverId, ServerCredentials server,
                                    List<String> names, List<String> required) {
        Map<String, String> found = new TreeMap<>();
        String source;
        if (serverId != null) {
            source = cloud.setting("serverId");
            if (server == null) {
                throw new InvalidInputException(source + ": no <server> with id " + serverId
                        + " in settings.xml; add one (username and password) or remove serverId");
            }
            putIfPresent(found, names.get(0), server.username());
            putIfPresent(found, names.get(1), server.password());
        } else if (secretsFile != null) {
            source = cloud.setting("secretsFile") + " " + secretsFile;
            Map<String, String> values = SecretsFile.parse(secretsFile);
            names.forEach(name -> putIfPresent(found, name, values.get(name)));
        } else {
            return found;
        }
        List<String> missing = required.stream().filter(name -> !found.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(source + " lacks " + String.join(", ", missing) + "; add "
                    + (missing.size() == 1 ? "it" : "them"));
        }
        return found;
    }

    private static void putIfPresent(Map<String, String> map, String name, String value) {
        if (Checks.present(value)) {
            map.put(name, value);
        }
    }
}
