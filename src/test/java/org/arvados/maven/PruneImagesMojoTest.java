package org.arvados.maven;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** prune-images' credentials: two sources refused before any cloud call when deleting, a plan shown without. */
@MojoTest
class PruneImagesMojoTest {
    private static final String POM = "src/test/resources/unit/prune-images/pom.xml";

    @TempDir
    Path dir;

    private Path ledgerOfFiveOldImages() throws Exception {
        Path ledger = dir.resolve("arvados-images.json");
        for (int i = 1; i <= 5; i++) {
            String ami = "ami-0" + String.valueOf(i).repeat(16);
            Ledger.read(ledger).append(new ImageRecord("aws", "zzzzz", ami, "us-east-1", Map.of("us-east-1", ami),
                    "us-east-1:" + ami, Instant.parse("2026-0" + i + "-01T00:00:00Z"), "1.6.6", "sha256:" + i, "t.json",
                    null, null, null, null));
        }
        return ledger;
    }

    /** The mojo set to delete from a ledger of five old images, with no config.yml; the ledger. */
    private Path confirmedWithoutConfigFile(PruneImagesMojo mojo) throws Exception {
        Path ledger = ledgerOfFiveOldImages();
        mojo.ledgerFile = ledger.toFile();
        mojo.confirm = true;
        mojo.withoutConfigFile = true;
        return ledger;
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void withConfirmTwoCredentialSourcesAreOneErrorAndNothingIsDeleted(PruneImagesMojo mojo) throws Exception {
        Path ledger = confirmedWithoutConfigFile(mojo);
        byte[] before = Files.readAllBytes(ledger);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<aws> has <aws><profile> (arvados.aws.profile) and <aws><serverId>"
                        + " (arvados.aws.serverId): give only one way to the credentials");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void offlineWithConfirmIsRefusedBeforeAnythingElseAndTheLedgerIsUntouched(PruneImagesMojo mojo) throws Exception {
        Path ledger = confirmedWithoutConfigFile(mojo);
        byte[] before = Files.readAllBytes(ledger);
        mojo.session = OfflineSession.mock();

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("Maven is offline (-o), and prune-images with <confirm> (arvados.prune.confirm) deletes in"
                        + " the cloud: run without -o, or without confirm for the plan.");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);

        mojo.confirm = false;
        mojo.execute();
        assertThat(Files.readAllBytes(ledger)).as("the plan alone, offline").isEqualTo(before);
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void confirmWithoutConfigFileIsRefusedNamingTheWayOut(PruneImagesMojo mojo) throws Exception {
        Path ledger = ledgerOfFiveOldImages();
        byte[] before = Files.readAllBytes(ledger);
        mojo.ledgerFile = ledger.toFile();
        mojo.confirm = true;

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<withoutConfigFile> (arvados.prune.withoutConfigFile)");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void anEndlessMinAgeIsCappedNamingTheElement(PruneImagesMojo mojo) throws Exception {
        mojo.ledgerFile = ledgerOfFiveOldImages().toFile();
        mojo.minAge = "100000000000000d";

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("<minAge> (arvados.prune.minAge) is '100000000000000d': at most 876000h is allowed.");
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void aBadTimeoutIsNamedByItsElement(PruneImagesMojo mojo) throws Exception {
        mojo.ledgerFile = ledgerOfFiveOldImages().toFile();
        mojo.timeout = "forever";

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<timeout> (arvados.prune.timeout) is 'forever': use a positive duration");
    }

    @Test
    @InjectMojo(goal = "prune-images", pom = POM)
    void thePlanNeedsNoCredentials(PruneImagesMojo mojo) throws Exception {
        Path ledger = ledgerOfFiveOldImages();
        byte[] before = Files.readAllBytes(ledger);
        mojo.ledgerFile = ledger.toFile();

        mojo.execute();

        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }
}
