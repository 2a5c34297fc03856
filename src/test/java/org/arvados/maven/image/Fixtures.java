package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.arvados.maven.testing.Draft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Inputs for the image tests: a well-formed public key, a fake service account key, valid settings. */
final class Fixtures {
    static final String AMI = "ami-0123456789abcdef0";

    private Fixtures() {
    }

    /** A syntactically valid ssh-ed25519 line (the key bytes are a fixed pattern, not a real key). */
    static String publicKeyLine(int seed) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32);
        blob.putInt(type.length).put(type).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) (i * 7 + seed));
        }
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " dispatcher@zzzzz";
    }

    /** The packer stand-in, recording into {@code recordDir}, as a script in {@code dir} with {@code settings} exported. */
    static Path standInPacker(Path dir, Path recordDir, String... settings) throws IOException {
        return org.arvados.maven.testing.StandIns.wrapped(org.arvados.maven.testing.StandIns.PACKER, dir, recordDir,
                settings);
    }

    static Path publicKey(Path dir) throws IOException {
        return publicKey(dir, 1);
    }

    static Path publicKey(Path dir, int seed) throws IOException {
        Path file = dir.resolve("id_dispatcher" + seed + ".pub");
        Files.writeString(file, publicKeyLine(seed) + "\n");
        return file;
    }

    /** Shaped like a Google service account key; the private key is not a real one. */
    static Path serviceAccount(Path dir) throws IOException {
        Path file = dir.resolve("service-account.json");
        Files.writeString(file, """
                {
                  "type": "service_account",
                  "project_id": "my-project-123",
                  "private_key_id": "0123456789abcdef0123456789abcdef01234567",
                  "private_key": "-----BEGIN PRIVATE KEY-----\\nTk9UQVJFQUxLRVk=\\n-----END PRIVATE KEY-----\\n",
                  "client_email": "packer@my-project-123.iam.gserviceaccount.com",
                  "client_id": "123456789012345678901",
                  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                  "token_uri": "https://oauth2.googleapis.com/token"
                }
                """);
        return file;
    }

    static Draft<ImageSpec> spec(Path dir) throws IOException {
        return Draft.of(ImageSpec.class).with(ImageSpec::clusterId, "zzzzz")
                .with(ImageSpec::publicKeyFile, publicKey(dir));
    }

    static Draft<AwsSettings> aws() {
        return Draft.of(AwsSettings.class).with(AwsSettings::sourceAmi, AMI);
    }

    static Draft<AzureSettings> azure() {
        return Draft.of(AzureSettings.class).with(AzureSettings::resourceGroup, "arvados-images")
                .with(AzureSettings::location, "eastus");
    }

    static Draft<GcpSettings> gcp() {
        return Draft.of(GcpSettings.class).with(GcpSettings::projectId, "my-project-123");
    }

    /** Reads what the plugin wrote with jackson-databind: a second library, not the one that wrote it. */
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static final Pattern USER = Pattern.compile("\\{\\{user `([a-z_0-9]+)`}}");

    /** Replaces every {{user `x`}} in {@code text} with x's value from the var file, as packer would. */
    static String resolve(String text, JsonNode variables) {
        Matcher matcher = USER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = variables.get(matcher.group(1));
            // Variables not in the var file (those read from the environment) stay as they are.
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value.asText()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The whole template with every user variable replaced by its value. */
    static String resolvedTemplate(RenderedImage image) throws IOException {
        return resolve(Files.readString(image.template()), readJson(image.varFile()));
    }

    /** The shell provisioner that runs provision.sh: its environment, resolved. */
    static Map<String, String> provisioningEnvironment(RenderedImage image) throws IOException {
        JsonNode template = readJson(image.template());
        JsonNode variables = readJson(image.varFile());
        Map<String, String> env = new java.util.TreeMap<>();
        for (JsonNode provisioner : template.get("provisioners")) {
            if (provisioner.has("environment_vars")) {
                for (JsonNode entry : provisioner.get("environment_vars")) {
                    String text = entry.asText();
                    int eq = text.indexOf('=');
                    env.put(text.substring(0, eq), resolve(text.substring(eq + 1), variables));
                }
            }
        }
        return env;
    }

    static JsonNode builder(RenderedImage image) throws IOException {
        return readJson(image.template()).get("builders").get(0);
    }

    static Iterator<String> names(JsonNode node) {
        return node.fieldNames();
    }
}
