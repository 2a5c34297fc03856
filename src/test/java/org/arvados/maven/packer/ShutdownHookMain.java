package org.arvados.maven.packer;

import org.arvados.maven.testing.PrintingLog;
import org.arvados.maven.common.SecretMasker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A stand-in for Maven's JVM in {@link ShutdownHookIT}: runs one build and prints its log; the test sends
 * this JVM SIGTERM mid-build. Args: packer, workDir, template, varFile, then NAME=VALUE environment.
 */
public final class ShutdownHookMain {
    public static void main(String[] args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            env.put(pair[0], pair[1]);
        }
        BuildRequest request = BuildRequest.of(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]))
                .withEnvironment(env, SecretMasker.none())
                .withTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(2));
        BuildResult result = PackerExecutable.locate(args[0]).build(request, new PrintingLog());
        System.out.println("RESULT " + result);
    }
}
