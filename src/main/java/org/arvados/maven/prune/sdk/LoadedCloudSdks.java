package org.arvados.maven.prune.sdk;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.prune.CloudSdks;
import org.arvados.maven.prune.ImageDeleter;
import org.arvados.maven.prune.RunDeadline;
import org.arvados.maven.prune.SdkClassLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** {@link CloudSdks} over the AWS SDK and Google's auth library, in the class loader that holds them. */
public final class LoadedCloudSdks implements CloudSdks {
    @Override
    public ImageDeleter awsDeleter(Supplier<Map<String, String>> credentials, URI endpoint, RunDeadline deadline,
                                   BuildLog log) {
        return new AwsImageDeleter(credentials, endpoint, deadline, log);
    }

    @Override
    public AccessTokens googleCredentials(Path accountFile) {
        return GoogleAccessTokens.of(accountFile);
    }

    @Override
    public void close() {
        if (getClass().getClassLoader() instanceof SdkClassLoader loader) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
