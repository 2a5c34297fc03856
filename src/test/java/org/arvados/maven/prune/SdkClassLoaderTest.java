package org.arvados.maven.prune;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cloud SDKs loaded apart, as prune-images loads them inside Maven: the "plugin" class loader here holds this
 * build's classes and libraries but no SDK, as the plugin's class realm does; the SDK class loader adds the SDKs'
 * jars from the test class path.
 */
class SdkClassLoaderTest {
    /** The jars of the SDKs and of what they depend on (the pom's provided cloud block). */
    private static final Predicate<String> SDK_JAR = path -> List.of("/software/amazon/", "/com/google/",
            "/io/grpc/", "/io/opencensus/", "/org/reactivestreams/").stream().anyMatch(path::contains);

    @TempDir
    Path dir;
    private URLClassLoader plugin;
    private RestStandIn google;

    @BeforeEach
    void setUp() throws IOException {
        plugin = new URLClassLoader(urls(SDK_JAR.negate()), ClassLoader.getPlatformClassLoader());
        google = new RestStandIn();
    }

    @AfterEach
    void tearDown() throws Exception {
        google.close();
        plugin.close();
    }

    private static URL[] urls(Predicate<String> which) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(which)
                .map(path -> {
                    try {
                        return Path.of(path).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
    }

    private Object load() throws Exception {
        List<Path> sdkJars = Arrays.stream(urls(SDK_JAR)).map(url -> Path.of(url.getPath())).toList();
        return plugin.loadClass(SdkClassLoader.class.getName()).getMethod("load", List.class, ClassLoader.class)
                .invoke(null, sdkJars, plugin);
    }

    @Test
    void thePluginsClassLoaderSeesNoSdkAndTheSdkClassesLinkAgainstTheSdkJars() throws Exception {
        assertThatThrownBy(() -> plugin.loadClass("software.amazon.awssdk.services.ec2.Ec2Client"))
                .isInstanceOf(ClassNotFoundException.class);
        Object sdks = load();
        ClassLoader sdkLoader = sdks.getClass().getClassLoader();
        assertThat(sdkLoader).isNotSameAs(plugin).extracting(ClassLoader::getParent).isSameAs(plugin);
        // The interface is the plugin's, so the plugin's code calls the SDK side through it.
        assertThat(plugin.loadClass(CloudSdks.class.getName()).isInstance(sdks)).isTrue();
        assertThat(sdkLoader.loadClass("software.amazon.awssdk.services.ec2.Ec2Client").getClassLoader())
                .isSameAs(sdkLoader);
        assertThat(sdkLoader.loadClass(ImageDeleter.class.getName()).getClassLoader()).isSameAs(plugin);
        // Defined by the SDK loader from the plugin's own code, though the plugin's loader could define it too.
        assertThat(sdkLoader.loadClass(SdkClassLoader.PACKAGE + "AwsImageDeleter").getClassLoader())
                .isSameAs(sdkLoader);
    }

    @Test
    void googlesSignInRunsFromTheSdkClassLoader() throws Exception {
        Path accountFile = dir.resolve("account.json");
        google.googleServiceAccount(accountFile, "arvados-images");
        Object sdks = load();
        Object tokens = sdks.getClass().getMethod("googleCredentials", Path.class).invoke(sdks, accountFile);
        Object token = plugin.loadClass(CloudSdks.AccessTokens.class.getName()).getMethod("current").invoke(tokens);
        assertThat(token).isEqualTo("ya29.stand-in");
        assertThat(google.requests()).extracting(RestStandIn.Request::path).containsExactly("/token");
        sdks.getClass().getMethod("close").invoke(sdks);
    }
}
