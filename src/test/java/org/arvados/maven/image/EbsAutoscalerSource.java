package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.arvados.maven.testing.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EBS autoscaler Arvados pins (the fork arvados/amazon-ebs-autoscale at the commit the provisioning names), as
 * published, from ../shared/third-party beside the project: what the tests install in place of the download. A test
 * that needs it skips where it is absent (fails under {@code -Darvados.it.requireTools=true}).
 */
final class EbsAutoscalerSource {
    private static final Path DIR = Path.of("..", "shared", "third-party", "amazon-ebs-autoscale").toAbsolutePath()
            .normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private EbsAutoscalerSource() {
    }

    /** The folder; skips (or fails) where it is absent. */
    static Path dir() {
        if (!Files.isRegularFile(DIR.resolve("install.sh"))) {
            Tools.skipOrFail("the EBS autoscaler's source is not at " + DIR);
        }
        return DIR;
    }

    /** A tarball shaped like GitHub's archive of it (one top folder), which the provisioning unpacks. */
    static void writeTarball(Path tarball) throws IOException, InterruptedException {
        Path dir = dir();
        ChrootRoot.run(List.of("tar", "-C", dir.getParent().toString(), "-czf", tarball.toString(),
                dir.getFileName().toString()));
    }

    /**
     * {@code config} has every field of the fork's config/ebs-autoscale.json (the template install.sh fills in)
     * with the JSON type install.sh gives it, and asks for IMDSv2 tokens as {@code install.sh --imdsv2} does.
     */
    static void assertFollowsTheSchema(JsonNode config) throws IOException {
        JsonNode schema = JSON.readTree(dir().resolve("config/ebs-autoscale.json").toFile());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : leaves(schema, "")) {
            JsonNode value = config.at(field.getKey());
            if (value.isMissingNode() || value.getNodeType() != field.getValue().getNodeType()) {
                wrong.add(field.getKey() + ": " + (value.isMissingNode() ? "missing" : value.getNodeType())
                        + ", the schema's is " + field.getValue().getNodeType());
            }
        }
        assertThat(wrong).as("fields of %s against the fork's schema", config).isEmpty();
        assertThat(config.at("/imdsv2").asText()).as("imdsv2").isEqualTo("true");
    }

    /** Every value that is no object, by its JSON pointer. */
    private static List<Map.Entry<String, JsonNode>> leaves(JsonNode node, String pointer) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        if (!node.isObject()) {
            found.add(Map.entry(pointer, node));
            return found;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            found.addAll(leaves(field.getValue(), pointer + "/" + field.getKey()));
        }
        return found;
    }
}
