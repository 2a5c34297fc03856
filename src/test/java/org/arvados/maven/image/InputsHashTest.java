package org.arvados.maven.image;

import org.arvados.maven.testing.Draft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.arvados.maven.image.Fixtures.aws;
import static org.assertj.core.api.Assertions.assertThat;

class InputsHashTest {
    @TempDir
    Path tmp;

    private String hash(ImageSpec spec, CloudImage cloud, String packerVersion) throws IOException {
        return ImageRenderer.render(spec, cloud, tmp.resolve("out"), packerVersion).inputsHash();
    }

    @Test
    void changesWithEachInputAndOnlyThen() throws IOException {
        ImageSpec spec = Fixtures.spec(tmp).build();
        String base = hash(spec, new AwsImage(aws().build()), "1.6.6");

        assertThat(hash(spec, new AwsImage(aws().build()), "1.6.6")).as("same inputs").isEqualTo(base);
        assertThat(ImageRenderer.render(spec, new AwsImage(aws().build()), tmp.resolve("elsewhere/deeper"), "1.6.6")
                .inputsHash()).as("another output folder").isEqualTo(base);
        Path secrets = Files.writeString(tmp.resolve("secrets"), "AWS_ACCESS_KEY_ID=a1b2c3d4\nAWS_SECRET_ACCESS_KEY=x9y8z7w6\n");
        assertThat(hash(spec, new AwsImage(aws().with(AwsSettings::secretsFile, secrets).build()), "1.6.6"))
                .as("credentials are no input of the image").isEqualTo(base);

        assertThat(hash(spec, new AwsImage(aws().with(AwsSettings::amiRegions, List.of("eu-west-1")).build()), "1.6.6"))
                .as("template option").isNotEqualTo(base);
        assertThat(hash(spec, new AwsImage(aws()
                .with(AwsSettings::volumeSize, 30).build()), "1.6.6")).as("variable").isNotEqualTo(base);
        assertThat(hash(Draft.from(spec)
                .with(ImageSpec::runtimeEngine, "singularity").build(), new AwsImage(aws().build()), "1.6.6"))
                .as("provisioning option").isNotEqualTo(base);
        assertThat(hash(Draft.from(spec)
                .with(ImageSpec::hosts, List.of("10.0.0.1 a.example")).build(), new AwsImage(aws().build()), "1.6.6"))
                .as("generated script").isNotEqualTo(base);
        assertThat(hash(Draft.from(spec)
                .with(ImageSpec::publicKeyFile, Fixtures.publicKey(tmp, 9)).build(), new AwsImage(aws().build()), "1.6.6"))
                .as("public key").isNotEqualTo(base);
        assertThat(hash(spec, new AwsImage(aws().build()), "1.16.0")).as("packer version").isNotEqualTo(base);
    }

    @Test
    void scriptContentAndEveryPartCount() {
        SortedMap<String, String> vars = new TreeMap<>(java.util.Map.of("a", "1"));
        SortedMap<String, byte[]> scripts = new TreeMap<>();
        scripts.put("provision.sh", "echo one\n".getBytes(StandardCharsets.UTF_8));
        String base = InputsHash.compute("1.6.6", "{}", vars, scripts, "key");
        SortedMap<String, byte[]> changed = new TreeMap<>(scripts);
        changed.put("provision.sh", "echo two\n".getBytes(StandardCharsets.UTF_8));
        assertThat(InputsHash.compute("1.6.6", "{}", vars, changed, "key")).as("script content").isNotEqualTo(base);
        SortedMap<String, byte[]> renamed = new TreeMap<>();
        renamed.put("provision2.sh", scripts.get("provision.sh"));
        assertThat(InputsHash.compute("1.6.6", "{}", vars, renamed, "key")).as("script name").isNotEqualTo(base);
        assertThat(InputsHash.compute("1.6.6", "{ }", vars, scripts, "key")).as("template").isNotEqualTo(base);
        SortedMap<String, String> withHash = new TreeMap<>(vars);
        withHash.put(ImageRenderer.INPUTS_HASH_VARIABLE, "anything");
        assertThat(InputsHash.compute("1.6.6", "{}", withHash, scripts, "key")).as("the hash's own variable")
                .isEqualTo(base);
        // Parts are length-prefixed: moving a character from one part to the next changes the hash.
        assertThat(InputsHash.compute("1.6.6", "{}", new TreeMap<>(java.util.Map.of("a", "1k")), scripts, "ey"))
                .isNotEqualTo(base);
    }
}
