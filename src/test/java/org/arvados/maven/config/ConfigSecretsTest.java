package org.arvados.maven.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSecretsTest {
    private static YamlDocument config(String secretLine) {
        return YamlDocument.parse("""
                Clusters:
                  zzzzz:
                    SystemRootToken: a-token-of-text
                    Collections: {BlobSigningKey: %s, TrustNewerKeys: true, MaxKeyCount: 64}
                    Login: {TokenLifetime: 12h}
                """.formatted(secretLine), "config.yml");
    }

    /** YAML reads these as numbers (int, float, int); unquoted, they are still secrets. */
    @ParameterizedTest
    @ValueSource(strings = {"12345678", "5e123456", "0x1f2e"})
    void aSecretYamlReadsAsANumberIsMaskedAsWritten(String secret) {
        assertThat(ConfigSecrets.in(config(secret))).contains(secret, "a-token-of-text");
    }

    @Test
    void booleansDurationsAndShortNumbersAreSettingsNotSecrets() {
        assertThat(ConfigSecrets.in(config("'quoted-key'"))).containsExactlyInAnyOrder("a-token-of-text", "quoted-key");
    }
}
