package org.arvados.maven;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.prune.CloudSdks;
import org.arvados.maven.prune.SdkClassLoader;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cloud SDKs prune-images calls through, with what they depend on, resolved as Maven resolves a plugin's own
 * dependencies (the local repository, then the build's plugin repositories) when prune-images first needs them. The
 * pom declares the same SDKs with {@code provided} scope, which compiles and tests against them and keeps them off
 * the class path Maven builds for every goal.
 */
final class CloudSdkResolver {
    /** The AWS SDK's HTTP goes through the JDK's (url-connection-client): neither Netty nor Apache's clients. */
    private static final List<String> AWS_HTTP_CLIENTS = List.of("netty-nio-client", "apache-client",
            "apache5-client");

    private CloudSdkResolver() {
    }

    /**
     * The roots: EC2; STS for role_arn and web_identity_token_file profiles, SSO and SSO-OIDC for sso_session
     * ones (the SDK's profile credentials load them by name, as packer's own SDK has them built in); Google's
     * auth library, whose HTTP goes through the JDK, and the Guava it needs.
     */
    static List<Dependency> roots() {
        Properties versions = versions();
        String aws = versions.getProperty("aws-sdk");
        List<Exclusion> awsHttpClients = AWS_HTTP_CLIENTS.stream()
                .map(client -> new Exclusion("software.amazon.awssdk", client, "*", "*")).toList();
        return List.of(
                dependency("software.amazon.awssdk:ec2:" + aws, awsHttpClients),
                dependency("software.amazon.awssdk:url-connection-client:" + aws, List.of()),
                dependency("software.amazon.awssdk:sts:" + aws, awsHttpClients),
                dependency("software.amazon.awssdk:sso:" + aws, awsHttpClients),
                dependency("software.amazon.awssdk:ssooidc:" + aws, awsHttpClients),
                dependency("com.google.auth:google-auth-library-oauth2-http:" + versions.getProperty("google-auth"),
                        List.of(new Exclusion("org.apache.httpcomponents", "httpclient", "*", "*"),
                                new Exclusion("org.apache.httpcomponents", "httpcore", "*", "*"))),
                dependency("com.google.guava:guava:" + versions.getProperty("guava"), List.of()));
    }

    /**
     * The SDKs, loaded apart from the plugin's classes ({@code plugin}, its class loader). Where the plugin's own
     * class path has them already (a {@code <dependencies>} entry of the plugin in the pom, or a unit test's class
     * path), those are used.
     */
    static CloudSdks load(ClassLoader plugin, Supplier<RepositorySystem> system, RepositorySystemSession session,
                          List<RemoteRepository> repositories, BuildLog log) {
        if (plugin.getResource("software/amazon/awssdk/services/ec2/Ec2Client.class") != null) {
            return SdkClassLoader.create(plugin);
        }
        List<Dependency> roots = roots();
        String names = roots.stream().map(root -> root.getArtifact().getArtifactId() + " "
                + root.getArtifact().getVersion()).collect(Collectors.joining(", "));
        log.info("Resolving the cloud SDKs prune-images calls through: " + names);
        try {
            List<ArtifactResult> jars = system.get().resolveDependencies(session,
                    new DependencyRequest(new CollectRequest(roots, null, repositories), null)).getArtifactResults();
            log.debug("The cloud SDKs' jars: " + jars.stream().map(jar -> jar.getArtifact().toString())
                    .collect(Collectors.joining(", ")));
            return SdkClassLoader.load(jars.stream().map(jar -> jar.getArtifact().getFile().toPath()).toList(),
                    plugin);
        } catch (DependencyResolutionException e) {
            throw new InvalidInputException("prune-images needs the cloud SDKs (" + names + "), which Maven cannot"
                    + " resolve: " + e.getMessage().replaceAll("\\s+", " ").strip() + "; check the network and the"
                    + " plugin repositories (settings.xml).");
        }
    }

    private static Dependency dependency(String coordinates, List<Exclusion> exclusions) {
        return new Dependency(new DefaultArtifact(coordinates), "runtime", false, exclusions);
    }

    private static Properties versions() {
        Properties versions = new Properties();
        try (InputStream in = CloudSdkResolver.class.getResourceAsStream("cloud-sdks.properties")) {
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }
}
