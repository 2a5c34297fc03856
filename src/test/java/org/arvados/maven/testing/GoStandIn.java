package org.arvados.maven.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Go stand-in for arvados-server in src/test/go/arvados-server, built from Debian's logrus (GOPATH mode) into
 * target/go-standin once per test JVM: it prints config.yml's values as Arvados' Go code does.
 */
public final class GoStandIn {
    private static final Path SOURCE = Path.of("src/test/go/arvados-server").toAbsolutePath();
    private static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final Path TARGET = Path.of("target/go-standin").toAbsolutePath();
    private static Path built;

    private GoStandIn() {
    }

    /** The built arvados-server stand-in; skips (or fails under the CI flag) without go or logrus. */
    public static synchronized Path arvadosServer() throws IOException, InterruptedException {
        Path go = Tools.require("go");
        if (!Files.isDirectory(GOPATH.resolve("src/github.com/sirupsen/logrus"))) {
            Tools.skipOrFail("Debian's golang-github-sirupsen-logrus-dev is not installed");
        }
        if (built == null) {
            Path binary = TARGET.resolve("arvados-server");
            Files.createDirectories(TARGET);
            ProcessBuilder build = new ProcessBuilder(go.toString(), "build", "-o", binary.toString(), ".")
                    .directory(SOURCE.toFile()).redirectErrorStream(true)
                    .redirectOutput(TARGET.resolve("build.log").toFile());
            build.environment().putAll(Map.of("GOPATH", GOPATH.toString(), "GO111MODULE", "off",
                    "GOCACHE", TARGET.resolve("cache").toString(), "GOFLAGS", ""));
            int exit = build.start().waitFor();
            if (exit != 0) {
                throw new AssertionError("go build of " + SOURCE + " failed (exit " + exit + "): "
                        + Files.readString(TARGET.resolve("build.log")));
            }
            built = binary;
        }
        return built;
    }
}
