package org.arvados.maven.prune.sdk;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Setting;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The aws-image goal's credential sources for the SDK, in its order: a key pair (and session token), a profile
 * (static keys, role_arn through STS, SSO, credential_process, as packer takes them), the SDK's own chain. A source
 * that yields no credentials is a one-line error naming it, whatever the SDK threw.
 */
final class AwsCredentials {
    private AwsCredentials() {
    }

    /** @param environment the aws-image goal's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE */
    static AwsCredentialsProvider provider(Map<String, String> environment) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        if (keyId != null) {
            String secret = environment.get("AWS_SECRET_ACCESS_KEY");
            String token = environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(keyId, secret)
                    : AwsSessionCredentials.create(keyId, secret, token));
        }
        String profile = environment.get("AWS_PROFILE");
        if (profile != null) {
            return new Named(Setting.element("aws", "profile") + " '" + profile + "'",
                    "check that profile in the AWS config file (~/.aws/config, or AWS_CONFIG_FILE), e.g. with"
                            + " aws sts get-caller-identity --profile " + profile,
                    ProfileCredentialsProvider.create(profile));
        }
        return new Named("The AWS SDK's default credentials (its environment variables, default profile, instance"
                + " role)", "set " + Setting.element("aws", "profile") + ", <aws><secretsFile> or <aws><serverId>",
                DefaultCredentialsProvider.builder().build());
    }

    /**
     * A provider whose failure names its source: the SDK throws SdkClientException, and IllegalStateException
     * (a failed credential_process, a missing service module), neither of which says which setting led there.
     */
    private record Named(String source, String fix, AwsCredentialsProvider provider) implements AwsCredentialsProvider {
        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            try {
                return provider.resolveCredentials();
            } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
                throw new InvalidInputException(source + ": cannot get credentials: " + reason(e) + "; " + fix + ".");
            }
        }
    }

    /**
     * The messages of the exception and its causes, on one line. The SDK's messages name settings, files, exit
     * values, a process' error output and AWS error codes; a JSON parser's quote what it could not parse, which
     * may be the credentials a credential_process printed, so they are left out.
     */
    static String reason(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable at = e; at != null && parts.size() < 4; at = at.getCause()) {
            if (at.getClass().getName().contains(".jackson.")) {
                parts.add("the output is no JSON the SDK can read (" + at.getClass().getSimpleName() + ")");
                break;
            }
            String message = at.getMessage() == null ? at.getClass().getSimpleName()
                    : at.getMessage().replaceAll("\\s+", " ").strip().replaceAll("\\.$", "");
            if (!message.contains(".jackson.") && !quotesParser(message, at.getCause())
                    && parts.stream().noneMatch(part -> part.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }

    /** Whether {@code message} repeats the message of a JSON parser's exception among {@code causes}. */
    private static boolean quotesParser(String message, Throwable causes) {
        for (Throwable at = causes; at != null; at = at.getCause()) {
            if (at.getClass().getName().contains(".jackson.") && at.getMessage() != null
                    && message.contains(at.getMessage().replaceAll("\\s+", " ").strip())) {
                return true;
            }
        }
        return false;
    }
}
