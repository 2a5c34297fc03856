package org.arvados.maven.prune;

import org.arvados.maven.common.BuildLog;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What prune-images takes from the clouds' own SDKs: the AWS SDK's EC2 client and credential providers, and Google's
 * sign-in. Their classes (package {@value SdkClassLoader#PACKAGE}) and jars are loaded apart from the plugin's, and
 * only by prune-images, so that no other goal has Maven resolve and load some 35 MB of jars it never calls.
 */
public interface CloudSdks extends AutoCloseable {
    /** The implementation, made by {@link SdkClassLoader} in the class loader that holds the SDKs. */
    String IMPLEMENTATION = SdkClassLoader.PACKAGE + "LoadedCloudSdks";

    /** An {@link org.arvados.maven.prune.sdk.AwsImageDeleter}, made with these arguments. */
    ImageDeleter awsDeleter(Supplier<Map<String, String>> credentials, URI endpoint, RunDeadline deadline,
                            BuildLog log);

    /** The gcp-image goal's credentials: {@code accountFile} when given, else Google's application default ones. */
    AccessTokens googleCredentials(Path accountFile);

    /** Closes the class loader that holds the SDKs, if they have one of their own. */
    @Override
    void close();

    /** A bearer token for the Compute API, renewed when it has expired. */
    interface AccessTokens {
        String current() throws IOException;
    }
}
