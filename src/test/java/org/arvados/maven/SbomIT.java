package org.arvados.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.arvados.maven.testing.Tools;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SBOM the build attaches names every library whose classes are inside the plugin jar: each relocated class
 * comes from a jar on the class path whose SHA-256 is one of the SBOM's components (so its name and version are
 * the ones that went in), and nothing outside the plugin's own package is in the jar unrelocated.
 */
class SbomIT {
    private static final String OWN = "org/arvados/maven/";
    /** Where the shade plugin moves each library it takes in, under its own package name. */
    private static final String RELOCATED = OWN + "shaded/";

    @Test
    void namesEveryLibraryInsideThePluginJar() throws Exception {
        Path jar = Path.of(KeypairMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).endsWith(".jar");
        Path bom = jar.resolveSibling("bom.json");
        if (!Files.isRegularFile(bom)) {
            Tools.skipOrFail(bom + " is missing: cyclonedx:makeBom makes it only when Maven is online");
        }
        Map<String, String> sbom = componentsBySha256(new ObjectMapper().readTree(bom.toFile()));

        Set<Path> origins = new TreeSet<>();
        Set<String> unaccounted = new TreeSet<>();
        try (JarFile plugin = new JarFile(jar.toFile())) {
            for (String entry : plugin.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList()) {
                if (entry.startsWith(RELOCATED)) {
                    String original = entry.substring(RELOCATED.length());
                    URL source = ClassLoader.getSystemResource(original);
                    if (source == null) {
                        unaccounted.add(entry + " (no jar on the class path has " + original + ")");
                    } else {
                        origins.add(Path.of(((JarURLConnection) source.openConnection()).getJarFileURL().toURI()));
                    }
                } else if (!entry.startsWith(OWN)) {
                    unaccounted.add(entry + " (not relocated)");
                }
            }
        }

        assertThat(unaccounted).isEmpty();
        assertThat(origins).as("libraries shaded into %s", jar).isNotEmpty();
        for (Path origin : origins) {
            assertThat(sbom).as("bom.json names %s by its SHA-256", origin).containsKey(sha256(origin));
            assertThat(sbom.get(sha256(origin))).as("its name and version").endsWith(versionFolder(origin));
        }
    }

    /** SHA-256 to "group:name:version". */
    private static Map<String, String> componentsBySha256(JsonNode bom) {
        Map<String, String> components = new HashMap<>();
        for (JsonNode component : bom.path("components")) {
            for (JsonNode hash : component.path("hashes")) {
                if (hash.path("alg").asText().equals("SHA-256")) {
                    components.put(hash.path("content").asText(), component.path("group").asText() + ":"
                            + component.path("name").asText() + ":" + component.path("version").asText());
                }
            }
        }
        return components;
    }

    /** ":name:version" from a local repository's .../name/version/name-version.jar. */
    private static String versionFolder(Path jarInRepository) {
        Path version = jarInRepository.getParent();
        return ":" + version.getParent().getFileName() + ":" + version.getFileName();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
