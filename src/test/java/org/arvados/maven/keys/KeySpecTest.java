package org.arvados.maven.keys;

import org.arvados.maven.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySpecTest {
    private static final Path KEY = Path.of("/tmp/k/id_dispatcher");

    @Test
    void defaultsCommentFromClusterId() {
        assertThat(KeySpec.of(KEY, "rsa", 4096, null, "zzzzz").keyComment()).isEqualTo("arvados-dispatch-cloud@zzzzz");
        assertThat(KeySpec.of(KEY, "rsa", 4096, " ", null).keyComment()).isEqualTo("arvados-dispatch-cloud");
        assertThat(KeySpec.of(KEY, "ED25519", 4096, "me@host", null).keyComment()).isEqualTo("me@host");
    }

    @Test
    void mapsKeyTypeAndPublicFile() {
        KeySpec spec = KeySpec.of(KEY, "Ed25519", 2048, null, "abc12");
        assertThat(spec.keyType()).isEqualTo(KeyType.ED25519);
        assertThat(spec.publicKeyFile()).isEqualTo(Path.of("/tmp/k/id_dispatcher.pub"));
        assertThat(spec.clusterId()).contains("abc12");
    }

    @Test
    void refusesUnknownKeyType() {
        assertThatThrownBy(() -> KeySpec.of(KEY, "dsa", 4096, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<keyType>").hasMessageContaining("arvados.keyType").hasMessageContaining("ed25519");
    }

    @Test
    void refusesKeySizeOutOfRange() {
        for (int size : new int[] {1024, 2047, 16385, 0, -1}) {
            assertThatThrownBy(() -> KeySpec.of(KEY, "rsa", size, null, null))
                    .hasMessageContaining("<keySize>").hasMessageContaining("2048 to 16384");
        }
        assertThat(KeySpec.of(KEY, "rsa", 2048, null, null).keySize()).isEqualTo(2048);
        assertThat(KeySpec.of(KEY, "rsa", 16384, null, null).keySize()).isEqualTo(16384);
        assertThat(KeySpec.of(KEY, "ed25519", 256, null, null).keyType()).isEqualTo(KeyType.ED25519); // RSA only
    }

    @Test
    void refusesBadClusterIdAndComment() {
        for (String id : new String[] {"ZZZZZ", "zzzz", "zzzzzz", "zz-zz"}) {
            assertThatThrownBy(() -> KeySpec.of(KEY, "rsa", 4096, null, id))
                    .hasMessageContaining("<clusterId>").hasMessageContaining("5 lower-case");
        }
        assertThatThrownBy(() -> KeySpec.of(KEY, "rsa", 4096, "a\nb", null)).hasMessageContaining("<keyComment>");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> KeySpec.of(null, "x", 1, null, "BAD"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problems()).hasSize(4));
    }
}
