package org.arvados.maven.image;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;
import org.arvados.maven.config.ClusterSettings;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeyPairResult;
import org.arvados.maven.keys.KeySpec;
import org.arvados.maven.keys.KeyType;
import org.arvados.maven.testing.Draft;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image goals' configFile: what config.yml gives, what the POM gives, and where the two disagree. */
class ClusterConfigInputTest {
    @TempDir
    Path dir;
    private Path out;
    private Path key;
    private KeyPairResult keyPair;

    @BeforeEach
    void setUp() throws Exception {
        out = dir.resolve("target/arvados");
        key = dir.resolve("keys/id_dispatcher");
        Files.createDirectories(key.getParent());
        keyPair = new DispatcherKeys().ensure(new KeySpec(key, KeyType.ED25519, 0, "dispatcher@zzzzz", Optional.of("zzzzz")),
                BuildLog.SILENT);
    }

    private ClusterSettings cluster(String containers) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yml"), """
                Clusters:
                  zzzzz:
                    Containers:
                %s""".formatted(containers.indent(6)));
        return ClusterSettings.read(config, null);
    }

    private static ClusterConfigInput pom(String admin, Integer port, String engine, Path publicKey) {
        return new ClusterConfigInput(admin, port, engine, publicKey, null);
    }

    @Test
    void eachValueComesFromConfigYmlWhereThePomGivesNone() throws Exception {
        ClusterSettings cluster = cluster("""
                RuntimeEngine: singularity
                DispatchPrivateKey: "file://%s"
                CloudVMs:
                  SSHPort: "2222"
                  DriverParameters: {AdminUsername: arvados}
                """.formatted(key));
        Problems problems = new Problems();

        ClusterConfigInput merged = pom(null, null, null, dir.resolve("missing.pub")).withCluster(false, cluster, out, problems);

        assertThat(problems.list()).isEmpty();
        assertThat(merged.adminUsername()).isEqualTo("arvados");
        assertThat(merged.sshPort()).isEqualTo(2222);
        assertThat(merged.runtimeEngine()).isEqualTo("singularity");
        assertThat(merged.publicKeyFile()).isEqualTo(out.resolve("dispatcher-from-config.pub"));
        assertThat(Files.readString(merged.publicKeyFile()).split(" ")[1])
                .isEqualTo(Files.readString(Path.of(key + ".pub")).split(" ")[1]);
    }

    @Test
    void anInlineKeyGivesThePublicHalfToo() throws Exception {
        String pem = Files.readString(key).strip().indent(2).stripTrailing();
        ClusterSettings cluster = cluster("DispatchPrivateKey: |\n" + pem + "\n");

        ClusterConfigInput merged = pom(null, null, null, dir.resolve("missing.pub")).withCluster(false, cluster, out,
                new Problems());

        assertThat(Files.readString(merged.publicKeyFile())).contains(Files.readString(Path.of(key + ".pub")).split(" ")[1]);
        assertThat(cluster.dispatchKey().fingerprint()).isEqualTo(keyPair.fingerprint());
    }

    @Test
    void aValueBothGiveMustBeEqualAndEachConflictNamesBothPlaces() throws Exception {
        ClusterSettings cluster = cluster("""
                RuntimeEngine: singularity
                CloudVMs:
                  SSHPort: "2222"
                  DriverParameters: {AdminUsername: arvados}
                """);
        Problems problems = new Problems();

        pom("crunch", 22, "docker", dir.resolve("missing.pub")).withCluster(false, cluster, out, problems);

        assertThat(problems.list()).containsExactly(
                "<adminUsername> (arvados.adminUsername) is crunch but config.yml's Clusters.zzzzz.Containers.CloudVMs."
                        + "DriverParameters.AdminUsername is arvados: the image and config.yml must agree; make them equal,"
                        + " or leave out <adminUsername> to take config.yml's",
                "<sshPort> (arvados.sshPort) is 22 but config.yml's Clusters.zzzzz.Containers.CloudVMs.SSHPort is 2222: the"
                        + " image and config.yml must agree; make them equal, or leave out <sshPort> to take config.yml's",
                "<runtimeEngine> (arvados.runtimeEngine) is docker but config.yml's Clusters.zzzzz.Containers.RuntimeEngine"
                        + " is singularity: the image and config.yml must agree; make them equal, or leave out"
                        + " <runtimeEngine> to take config.yml's");
        assertThat(pom("arvados", 2222, "singularity", null).withCluster(false, cluster, out, new Problems()))
                .isEqualTo(pom("arvados", 2222, "singularity", null));
    }

    @Test
    void aPomKeyOtherThanConfigYmlsIsAProblemOfTheImageCheck() throws Exception {
        Path other = dir.resolve("other");
        new DispatcherKeys().ensure(new KeySpec(other, KeyType.ED25519, 0, "other", Optional.of("zzzzz")), BuildLog.SILENT);
        ClusterSettings cluster = cluster("DispatchPrivateKey: \"file://" + key + "\"\n");
        Problems problems = new Problems();

        ClusterConfigInput merged = pom(null, null, null, Path.of(other + ".pub")).withCluster(true, cluster, out, problems);

        assertThat(problems.list()).isEmpty();
        assertThat(merged.publicKeyFile()).isEqualTo(Path.of(other + ".pub"));
        assertThat(merged.requiredKey()).isEqualTo(new RequiredKey(keyPair.fingerprint(),
                "config.yml's Clusters.zzzzz.Containers.DispatchPrivateKey"));
        assertThat(out.resolve("dispatcher-from-config.pub")).doesNotExist();
        assertThat(check(merged).problems()).singleElement().asString().startsWith("<publicKeyFile>"
                + " (arvados.publicKeyFile) " + other + ".pub is not the public half of config.yml's"
                + " Clusters.zzzzz.Containers.DispatchPrivateKey (" + keyPair.fingerprint() + ")");
        ClusterConfigInput same = pom(null, null, null, Path.of(key + ".pub")).withCluster(true, cluster, out, problems);
        assertThat(check(same).problems()).isEmpty();
    }

    private static ImageCheck check(ClusterConfigInput input) {
        return ImageCheck.of(Draft.of(ImageSpec.class).with(ImageSpec::clusterId, "zzzzz")
                .with(ImageSpec::publicKeyFile, input.publicKeyFile()).with(ImageSpec::requiredKey, input.requiredKey())
                .build(), new GcpImage(Fixtures.gcp().build()));
    }

    @Test
    void anUnreadableKeyFileIsAWarningAndThePomsKeyIsUsed() throws Exception {
        ClusterSettings cluster = cluster("DispatchPrivateKey: \"file:///etc/arvados/not-here\"\n");

        ClusterConfigInput merged = pom(null, null, null, Path.of(key + ".pub")).withCluster(true, cluster, out,
                new Problems());

        assertThat(cluster.warnings()).singleElement().asString().endsWith("Clusters.zzzzz.Containers.DispatchPrivateKey"
                + " names /etc/arvados/not-here, which cannot be read here: the image gets the POM's public key"
                + " (<keyFile> / <publicKeyFile>) instead.");
        assertThat(merged.publicKeyFile()).isEqualTo(Path.of(key + ".pub"));
    }

    @Test
    void theOnlyClusterIsTakenSeveralNeedAClusterIdAndABadPortIsNamed() throws Exception {
        Path several = Files.writeString(dir.resolve("several.yml"), "Clusters:\n  yyyyy: {}\n  zzzzz: {}\n");
        assertThatThrownBy(() -> ClusterSettings.read(several, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has clusters yyyyy, zzzzz under Clusters: set <clusterId>");
        assertThat(ClusterSettings.read(several, "yyyyy").clusterId()).isEqualTo("yyyyy");
        assertThatThrownBy(() -> cluster("CloudVMs: {SSHPort: \"ssh\"}\n")).hasMessageEndingWith(
                "Clusters.zzzzz.Containers.CloudVMs.SSHPort is ssh, not a TCP port (1 to 65535); fix config.yml or leave"
                        + " it out for Arvados' default 22.");
    }
}
