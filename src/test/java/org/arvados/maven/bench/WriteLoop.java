package org.arvados.maven.bench;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.config.ConfigFileUpdater;
import org.arvados.maven.config.ConfigUpdateRequest;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeySpec;
import org.arvados.maven.keys.KeyType;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The writes bench/kill-loops.sh kills at random points, through the plugin's own code: {@code key DIR} makes
 * DIR/id_dispatcher anew (deleting the last), {@code ledger FILE} appends to the ledger, {@code config FILE}
 * sets a new ImageID in config.yml with a backup. Each loops {@code COUNT} times (0: until killed).
 */
public final class WriteLoop {
    private WriteLoop() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path path = Path.of(args[1]);
        long count = args.length > 2 ? Long.parseLong(args[2]) : 0;
        for (long i = 1; count == 0 || i <= count; i++) {
            String imageId = String.format("ami-%017x", System.nanoTime() & 0xfffffffffffffffL);
            switch (mode) {
                case "key" -> {
                    Path key = path.resolve("id_dispatcher");
                    Files.deleteIfExists(key);
                    Files.deleteIfExists(path.resolve("id_dispatcher.pub"));
                    new DispatcherKeys().ensure(new KeySpec(key, KeyType.ED25519, 0, "kill-loop", Optional.of("zzzzz")),
                            BuildLog.SILENT);
                }
                case "ledger" -> Ledger.read(path).append(new ImageRecord("aws", "zzzzz", imageId, "us-east-1",
                        Map.of("us-east-1", imageId), "us-east-1:" + imageId, Instant.now(), "1.6.6", "sha256:kill",
                        "target/arvados/aws/template.json", null, null, null, null));
                case "config" -> new ConfigFileUpdater(BuildLog.SILENT, Clock.systemUTC()).update(new ConfigUpdateRequest(
                        path, "zzzzz", "aws", imageId, "crunch", null, null, false, null, null, false, true,
                        path.resolveSibling("arvados-images.json"), false));
                default -> throw new IllegalArgumentException("mode: key, ledger or config");
            }
        }
    }
}
