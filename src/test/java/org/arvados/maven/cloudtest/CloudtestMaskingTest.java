package org.arvados.maven.cloudtest;

import org.arvados.maven.common.BuildFailedException;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.ledger.Ledger;
import org.arvados.maven.process.LineReader;
import org.arvados.maven.testing.GoStandIn;
import org.arvados.maven.testing.RecordingLog;
import org.arvados.maven.testing.StandIns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * cloudtest against a Go arvados-server stand-in built from Debian's logrus, which prints every config.yml value
 * the ways Arvados' Go code can (logrus text and JSON, %q, %+q, %#v, encoding/json, a %q'd error in a field):
 * no form of a secret reaches the log, the failure message or the ledger.
 */
class CloudtestMaskingTest {
    /** Begins with Zq9 and ends with Rt7 in every form Go prints it in, so grepping those finds any form. */
    private static final String SECRET = "Zq9\"vW\\Kp<F&E>Jx\té\u00a0\u0001/Rt7";
    private static final String CONFIG = """
            Clusters:
              zzzzz:
                SystemRootToken: "Zq9\\"vW\\\\Kp<F&E>Jx\\té\\u00a0\\x01/Rt7"
                ManagementToken: Mt4aNotQuotedAtAllButLong0123456789
                PostgreSQL:
                  Connection:
                    password: "Pq&4"
                    user: arvados
                Login:
                  TokenLifetime: 24h
                  IssueTrustedTokens: true
                Users:
                  AnonymousUserPassword: 'Wv<5x'
                  ShortPassword: Q7
                Containers:
                  DispatchPrivateKey: file:///etc/arvados/id_dispatcher
                  CloudVMs:
                    Driver: ec2
                    DriverParameters:
                      Region: us-west-2
                      AccessKeyID: AKIAGOSTANDINKEYID01
                InstanceTypes:
                  m5large: {ProviderType: m5.large, VCPUs: 2, RAM: 8GiB, Price: 0.096}
            """;
    /** A fragment of each secret in config.yml that ordinary output never has. */
    private static final List<String> FRAGMENTS = List.of("Zq9", "Rt7", "Mt4a", "0123456789", "Pq", "Wv", "u003c5x",
            "AKIAGOSTANDIN");
    /** Q7 is two characters: masked where it stands alone, as Go prints a value, not inside other words. */
    private static final Pattern SHORT = Pattern.compile("(?<![\\p{L}\\p{N}])Q7(?![\\p{L}\\p{N}])");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path config;
    private Path ledger;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("config.yml"), CONFIG);
        ledger = dir.resolve("arvados-images.json");
        Ledger.read(ledger).append(new ImageRecord("aws", "zzzzz", "ami-0bbbbbbbbbbbbbbbb", "us-west-2",
                Map.of("us-west-2", "ami-0bbbbbbbbbbbbbbbb"), "us-west-2:ami-0bbbbbbbbbbbbbbbb",
                Instant.parse("2026-11-01T00:00:00Z"), "1.6.6", "sha256:x", "target/arvados/aws/template.json",
                null, null, null, null));
    }

    private CloudtestRequest request(String arvadosServer) {
        return new CloudtestRequest(config, null, null, null, null, false, arvadosServer, Duration.ofMinutes(5),
                Duration.ofMinutes(1), false, ledger);
    }

    private String goStandIn(String... settings) throws Exception {
        return StandIns.wrapped(GoStandIn.arvadosServer(), dir, dir.resolve("record"), settings).toString();
    }

    /** Everything the run left where a person or a commit sees it: the log, the failure message, the ledger. */
    private List<String> outputs(String arvadosServer) throws IOException {
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> new CloudtestRun(log, CLOCK).run(request(arvadosServer)))
                .isInstanceOf(BuildFailedException.class)
                .satisfies(e -> seen.add(e.getMessage()));
        seen.add(log.all());
        seen.add(Files.readString(ledger));
        return seen;
    }

    @Test
    void theGoStandInPrintsTheSecretInEveryFormItIsMaskedIn() throws Exception {
        Process run = new ProcessBuilder(GoStandIn.arvadosServer().toString(), "cloudtest", "-config",
                config.toString()).redirectErrorStream(true).start();
        String raw = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run.waitFor()).isEqualTo(1);

        assertThat(raw).contains(SECRET, // the literal, and the forms below as written out by Go
                "SystemRootToken=\"Zq9\\\"vW\\\\Kp<F&E>Jx\\té\\u00a0\\x01/Rt7\"", // logrus text field, %q
                "\"Zq9\\\"vW\\\\Kp<F&E>Jx\\t\\u00e9\\u00a0\\x01/Rt7\"", // %+q
                "\"Zq9\\\"vW\\\\Kp\\u003cF\\u0026E\\u003eJx\\té\u00a0\\u0001/Rt7\"", // logrus JSON, json.Marshal
                // a %q'd error in a logrus text field, and in a logrus JSON field
                "\\\"Zq9\\\\\\\"vW\\\\\\\\Kp<F&E>Jx\\\\té\\\\u00a0\\\\x01/Rt7\\\"",
                "\\\"Zq9\\\\\\\"vW\\\\\\\\Kp\\u003cF\\u0026E\\u003eJx\\\\té\\\\u00a0\\\\x01/Rt7\\\"",
                "Pq\\u00264", "\"Wv<5x\"", "Wv\\u003c5x", "ShortPassword=Q7", "\"Q7\"");
    }

    @Test
    void noFormOfAConfigSecretReachesTheLogTheFailureMessageOrTheLedger() throws Exception {
        List<String> outputs = outputs(goStandIn());

        assertThat(outputs).allSatisfy(output -> {
            assertThat(output).doesNotContain(FRAGMENTS);
            assertThat(SHORT.matcher(output).find()).as("Q7 alone in %s", output).isFalse();
        });
        assertThat(log.all()).contains("SystemRootToken=\"****\"", "password=\"****\"", "\"AnonymousUserPassword\":\"****\"",
                "ShortPassword=****", "boot probe timed out")
                .as("settings whose names say key or token but whose values are a duration or a boolean are no"
                        + " secrets").contains("TokenLifetime=24h", "IssueTrustedTokens=true", "Region=us-west-2");
    }

    @Test
    void aSecretAcrossTheCutOfAnOverlongLineIsMaskedAndTheLedgerGrowsByTheTailsBoundOnly() throws Exception {
        long before = Files.size(ledger);

        List<String> outputs = outputs(goStandIn("STANDIN_LONG_LINES=4", "STANDIN_CUT=" + LineReader.MAX_LINE));

        assertThat(log.all()).contains("x".repeat(1000));
        assertThat(outputs).allSatisfy(output -> assertThat(output).doesNotContain(FRAGMENTS));
        assertThat(Files.size(ledger) - before).as("the ledger's growth in bytes")
                .isLessThanOrEqualTo(CloudtestRun.OUTPUT_TAIL_BYTES + 1024);
        List<String> tail = Ledger.read(ledger).images().get(0).latestCloudtest().orElseThrow().outputTail();
        assertThat(String.join("\n", tail).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(CloudtestRun.OUTPUT_TAIL_BYTES);
        assertThat(tail).last().asString().contains("boot probe timed out");
    }
}
