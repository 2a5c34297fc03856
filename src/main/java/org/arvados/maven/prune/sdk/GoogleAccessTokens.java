package org.arvados.maven.prune.sdk;

import com.google.auth.oauth2.GoogleCredentials;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.prune.CloudSdks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compute API tokens from Google's credentials, as packer's googlecompute finds them. */
final class GoogleAccessTokens implements CloudSdks.AccessTokens {
    static final String SCOPE = "https://www.googleapis.com/auth/compute";

    private final GoogleCredentials credentials;

    private GoogleAccessTokens(GoogleCredentials credentials) {
        this.credentials = credentials;
    }

    /** {@code accountFile} when given, else Google's application default credentials. */
    static GoogleAccessTokens of(Path accountFile) {
        try {
            if (accountFile == null) {
                return new GoogleAccessTokens(GoogleCredentials.getApplicationDefault().createScoped(SCOPE));
            }
            try (InputStream in = Files.newInputStream(accountFile)) {
                return new GoogleAccessTokens(GoogleCredentials.fromStream(in).createScoped(SCOPE));
            }
        } catch (IOException e) {
            throw new InvalidInputException((accountFile == null ? "No Google credentials (set <gcp><accountFile> /"
                    + " arvados.gcp.accountFile, GOOGLE_APPLICATION_CREDENTIALS, or run gcloud auth"
                    + " application-default login)" : "<gcp><accountFile> (arvados.gcp.accountFile) " + accountFile
                    + " is no readable Google credentials file") + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String current() throws IOException {
        credentials.refreshIfExpired();
        return credentials.getAccessToken().getTokenValue();
    }
}
