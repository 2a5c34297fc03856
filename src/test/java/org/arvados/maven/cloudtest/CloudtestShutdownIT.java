package org.arvados.maven.cloudtest;

import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.testing.SigtermedJvm;
import org.arvados.maven.testing.StandIns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM to Maven's JVM while cloudtest runs: cloudtest gets SIGTERM, destroys its VM, and only then the JVM exits. */
class CloudtestShutdownIT {
    @TempDir
    Path dir;

    @Test
    void sigtermToTheJvmWaitsForCloudtestToDestroyItsVm() throws Exception {
        Path record = dir.resolve("record");
        Path config = Files.writeString(dir.resolve("config.yml"), """
                Clusters:
                  zzzzz:
                    Containers: {CloudVMs: {Driver: ec2, ImageID: ami-0aaaaaaaaaaaaaaaa}}
                    InstanceTypes: {m5large: {ProviderType: m5.large}}
                """);
        Path ledger = dir.resolve("arvados-images.json");
        Ledger.read(ledger).append(new ImageRecord("aws", "zzzzz", "ami-0aaaaaaaaaaaaaaaa", "us-east-1", Map.of(),
                "us-east-1:ami-0aaaaaaaaaaaaaaaa", Instant.parse("2026-11-01T00:00:00Z"), "1.6.6", "sha256:x", "t.json",
                null, null, null, null));
        Path standIn = StandIns.wrapped(StandIns.ARVADOS_SERVER, dir, record, "STANDIN_RESULT=slow");

        List<String> output = SigtermedJvm.runAndTerminate(CloudtestShutdownMain.class,
                List.of(standIn.toString(), config.toString(), ledger.toString()), "waiting ProbeInterval");

        assertThat(record.resolve("destroyed")).as("the stand-in finished destroying its VM").exists();
        assertThat(String.join("\n", output)).contains("Maven is stopping (Ctrl-C or SIGTERM) while cloudtest runs",
                "msg=\"destroyed instance\"", "cloudtest stopped (exit 1)");
        assertThat(Ledger.read(ledger).images().get(0).cloudtests()).as("a stopped run records nothing").isEmpty();
    }
}
