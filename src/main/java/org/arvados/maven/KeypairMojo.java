package org.arvados.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeyPairResult;
import org.arvados.maven.keys.KeySpec;

import java.io.File;
import java.io.IOException;

/**
 * Makes, or verifies, the SSH key pair that arvados-dispatch-cloud uses to log into worker VMs. A missing key
 * is generated without a passphrase (private key 0600, public key {@code <keyFile>.pub} 0644); an existing key
 * is never overwritten, only checked: it must be readable by the dispatcher, unencrypted, and match its public
 * key. Logs the fingerprint and the {@code DispatchPrivateKey} line for config.yml, and sets the project
 * properties {@code arvados.keyFile} and {@code arvados.publicKeyFile} for later goals.
 *
 * <p>Default phase: {@code initialize}. Also runs without a project ({@code mvn
 * org.arvados.maven:arvados-maven-plugin:keypair -Darvados.keyFile=keys/id_dispatcher}). Example:</p>
 * <pre>
 * &lt;plugin&gt;
 *   &lt;groupId&gt;org.arvados.maven&lt;/groupId&gt;
 *   &lt;artifactId&gt;arvados-maven-plugin&lt;/artifactId&gt;
 *   &lt;configuration&gt;
 *     &lt;clusterId&gt;zzzzz&lt;/clusterId&gt;
 *     &lt;keyFile&gt;${project.basedir}/keys/id_dispatcher&lt;/keyFile&gt;
 *     &lt;keyType&gt;ed25519&lt;/keyType&gt;
 *   &lt;/configuration&gt;
 *   &lt;executions&gt;
 *     &lt;execution&gt;&lt;goals&gt;&lt;goal&gt;keypair&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;
 *   &lt;/executions&gt;
 * &lt;/plugin&gt;
 * </pre>
 * @since 0.1.0
 */
@Mojo(name = "keypair", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true, requiresProject = false)
public class KeypairMojo extends AbstractArvadosMojo {
    /**
     * The dispatcher's private key file; its public key is this path plus {@code .pub}.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.keyFile", defaultValue = "${user.home}/.ssh/id_dispatcher")
    File keyFile;

    /**
     * Type of a new key: {@code rsa} (EC2 accepts it on every Arvados release) or {@code ed25519}.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.keyType", defaultValue = "rsa")
    String keyType;

    /**
     * Bits of a new RSA key, 2048 to 16384 (ignored for Ed25519).
     * @since 0.1.0
     */
    @Parameter(property = "arvados.keySize", defaultValue = "4096")
    int keySize;

    /**
     * Comment of a new public key [arvados-dispatch-cloud@clusterId, or arvados-dispatch-cloud without one].
     * @since 0.1.0
     */
    @Parameter(property = "arvados.keyComment")
    String keyComment;

    /**
     * The cluster ID (5 lower-case letters or digits); optional here, used in the key comment and log.
     * @since 0.1.0
     */
    @Parameter(property = "arvados.clusterId")
    String clusterId;

    @Override
    protected String goalName() {
        return "arvados:keypair";
    }

    @Override
    protected void run(BuildLog log) throws IOException {
        KeySpec spec = KeySpec.of(keyFile == null ? null : keyFile.toPath(), keyType, keySize, keyComment, clusterId);
        KeyPairResult result = new DispatcherKeys().ensure(spec, log);
        setProjectProperty("arvados.keyFile", result.privateKeyFile().toString());
        setProjectProperty("arvados.publicKeyFile", result.publicKeyFile().toString());
    }
}
