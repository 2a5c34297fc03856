package org.arvados.maven.keys;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SshKeygenInteropTest again, under failsafe, which puts the packaged plugin jar on the class path instead of
 * target/classes: every key type and format ssh-keygen writes is read, and generated keys are read by ssh-keygen,
 * with the Bouncy Castle the jar carries (relocated, and cut to the classes the shade plugin found reachable).
 */
class ShadedJarSshKeygenInteropIT extends SshKeygenInteropTest {
    @Test
    void runsAgainstThePluginJarsRelocatedBouncyCastle() throws Exception {
        Path keysCode = codeSource(DispatcherKeys.class);
        Class<?> relocated = Class.forName("org.arvados.maven.shaded.org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil");

        assertThat(keysCode.getFileName().toString()).endsWith(".jar");
        assertThat(codeSource(relocated)).isEqualTo(keysCode);
    }

    private static Path codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
