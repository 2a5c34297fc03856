package org.arvados.maven.prune;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.prune.sdk.AwsImageDeleter;
import org.arvados.maven.testing.Moto;
import org.arvados.maven.testing.RecordingLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.arvados.maven.prune.PruneFixtures.ami;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * prune-images' AWS credentials from a profile of an AWS config file, as packer takes them: role_arn through STS
 * (moto's), and failing sources (credential_process, SSO) as one-line errors naming the profile.
 */
class AwsCredentialsTest {
    private static final String BASE_KEY_ID = "AKIAIOSFODNN7BASEKEY";
    private static final String BASE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzBASESECRET";
    private static final String PROCESS_SECRET = "ProcessPrintedSecretZq81";
    private static final String[] SDK_PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile", "aws.region",
            "aws.endpointUrlSts"};

    private static Moto moto;

    @TempDir
    Path dir;
    private Ec2StandIn ec2;
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void startMoto() throws IOException, InterruptedException {
        moto = Moto.start();
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        ec2 = new Ec2StandIn();
        Path failing = dir.resolve("failing-credentials");
        Files.writeString(failing, "#!/bin/sh\necho '" + PROCESS_SECRET + "'\necho 'the vault is sealed' >&2\nexit 3\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        // Exits 0 with its secret unquoted: JSON the SDK cannot parse, whose parser quotes the bad token.
        Path garbled = dir.resolve("garbled-credentials");
        Files.writeString(garbled, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAGARBLED\","
                + " \"SecretAccessKey\": " + PROCESS_SECRET + "}'\n");
        Files.setPosixFilePermissions(garbled, PosixFilePermissions.fromString("rwx------"));
        Path config = dir.resolve("config");
        Files.writeString(config, String.join("\n",
                "[profile base]",
                "region = us-east-1",
                "[profile ops]",
                "role_arn = arn:aws:iam::123456789012:role/arvados-images",
                "role_session_name = prune",
                "source_profile = base",
                "region = us-east-1",
                "[profile broken]",
                "credential_process = " + failing,
                "region = us-east-1",
                "[profile garbled]",
                "credential_process = " + garbled,
                "region = us-east-1",
                "[profile sso]",
                "sso_start_url = https://arvados.awsapps.com/start",
                "sso_region = us-east-1",
                "sso_account_id = 123456789012",
                "sso_role_name = ops",
                "region = us-east-1",
                ""));
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[base]\naws_access_key_id = " + BASE_KEY_ID + "\naws_secret_access_key = "
                + BASE_SECRET + "\n");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        for (String property : SDK_PROPERTIES) {
            System.clearProperty(property);
        }
    }

    private void deleteWithProfile(String profile) throws IOException {
        try (AwsImageDeleter deleter = new AwsImageDeleter(() -> Map.of("AWS_PROFILE", profile), ec2.endpoint(),
                new RunDeadline(java.time.Duration.ofMinutes(1)), log)) {
            deleter.delete(ami(40), new ImageDeleter.Progress() {
                @Override
                public boolean mayDelete(String resource) {
                    return true;
                }

                @Override
                public void mapped(java.util.List<String> snapshots) {
                }

                @Override
                public void deleted(String resource) {
                }
            });
        }
    }

    @Test
    void aProfileWithARoleGetsItsCredentialsFromStsAssumeRole() throws IOException {
        // The STS client the SDK makes for the role reads its endpoint from the SDK's settings, not the profile's.
        System.setProperty("aws.endpointUrlSts", moto.endpoint().toString());
        deleteWithProfile("ops");
        assertThat(ec2.calls()).isNotEmpty();
        // moto's AssumeRole hands out temporary keys (ASIA...); the source profile's own key signs nothing.
        assertThat(ec2.calls()).filteredOn(call -> !call.action().equals("GetCallerIdentity"))
                .extracting(Ec2StandIn.Call::accessKeyId)
                .allSatisfy(keyId -> assertThat(keyId).startsWith("ASIA").isNotEqualTo(BASE_KEY_ID));
    }

    @Test
    void aFailingCredentialProcessIsAOneLineErrorNamingTheProfile() {
        assertThatThrownBy(() -> deleteWithProfile("broken"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<aws><profile> (arvados.aws.profile) 'broken': cannot get credentials: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", PROCESS_SECRET, BASE_SECRET));
        assertThat(ec2.calls()).isEmpty();
    }

    @Test
    void credentialsAProcessPrintsGarbledAreAOneLineErrorWithoutThem() {
        assertThatThrownBy(() -> deleteWithProfile("garbled"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<aws><profile> (arvados.aws.profile) 'garbled': cannot get credentials: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", PROCESS_SECRET));
    }

    @Test
    void anSsoProfileWithoutASignInIsAOneLineErrorNamingTheProfile() {
        assertThatThrownBy(() -> deleteWithProfile("sso"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("<aws><profile> (arvados.aws.profile) 'sso': cannot get credentials: ")
                .hasMessageNotContaining("service module")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ec2.calls()).isEmpty();
    }
}
