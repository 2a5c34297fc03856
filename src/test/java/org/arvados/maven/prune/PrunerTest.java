package org.arvados.maven.prune;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.arvados.maven.prune.PruneFixtures.CLUSTER;
import static org.arvados.maven.prune.PruneFixtures.NOW;
import static org.arvados.maven.prune.PruneFixtures.ami;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Pruner decides before any cloud is called: which clusters and clouds, and bad input. */
class PrunerTest {
    @TempDir
    Path dir;
    private final RecordingLog log = new RecordingLog();
    private final List<String> deleted = new ArrayList<>();

    /** A deleter that calls no cloud: it "deletes" the image ID. */
    private ImageDeleter fake(String cloud) {
        return new ImageDeleter() {
            @Override
            public List<String> planned(ImageRecord image) {
                return List.of(cloud + ":" + image.imageId());
            }

            @Override
            public List<Left> delete(ImageRecord image, Progress progress) throws IOException {
                deleted.add(image.imageId());
                progress.deleted(cloud + ":" + image.imageId());
                return List.of();
            }

            @Override
            public void close() {
            }
        };
    }

    private Path ledger(ImageRecord... images) throws IOException {
        Path file = dir.resolve("arvados-images.json");
        for (ImageRecord image : images) {
            Ledger.read(file).append(image);
        }
        return file;
    }

    private void run(Path ledgerFile, String cluster, String cloud, boolean confirm) throws IOException {
        new Pruner(log, Clock.fixed(NOW, ZoneOffset.UTC), this::fake)
                .run(new PruneRequest(ledgerFile, null, cluster, cloud, 1, Duration.ofDays(7), confirm, true));
    }

    private static ImageRecord gcp(int daysAgo) {
        return new ImageRecord("gcp", CLUSTER, "arvados-zzzzz-compute-" + daysAgo, "us-central1-f", null, null,
                NOW.minus(Duration.ofDays(daysAgo)), "1.11.2", null, null, null, null, null, null);
    }

    @Test
    void withoutACloudEveryCloudOfTheClusterIsPlannedOnItsOwn() throws IOException {
        run(ledger(ami(30), ami(20), gcp(30), gcp(20)), null, null, true);
        assertThat(deleted).containsExactly(ami(30).imageId(), "arvados-zzzzz-compute-30");
        assertThat(log.all()).contains("Cluster zzzzz, aws: 2 image(s)", "Cluster zzzzz, gcp: 2 image(s)",
                "Pruned 2 image(s)");
    }

    @Test
    void severalClustersWithoutClusterIdIsAnErrorNamingTheParameter() throws IOException {
        ImageRecord other = new ImageRecord("aws", "yyyyy", "ami-0aaaaaaaaaaaaaaaa", "us-east-1", null, null,
                NOW.minus(Duration.ofDays(90)), "1.11.2", null, null, null, null, null, null);
        Path file = ledger(ami(30), other);
        assertThatThrownBy(() -> run(file, null, null, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has images of clusters yyyyy, zzzzz: set <clusterId> (arvados.clusterId)");
        run(file, "yyyyy", null, true);
        assertThat(deleted).isEmpty();
    }

    @Test
    void anEmptyLedgerHasNothingToPrune() throws IOException {
        run(dir.resolve("none.json"), null, null, true);
        assertThat(log.all()).contains("holds no images: nothing to prune.");
    }

    @Test
    void badInputIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> run(dir.resolve("none.json"), null, "openstack", false))
                .hasMessage("<cloud> (arvados.cloud) is 'openstack': use aws, azure or gcp, or leave it unset for every"
                        + " cloud the ledger has images of.");
        assertThatThrownBy(() -> new PruneRequest(dir, null, null, null, 0, Duration.ofDays(7), false, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<keep> (arvados.prune.keep) is 0: keep at least the newest image (1 or more; default 3).");
    }
}
