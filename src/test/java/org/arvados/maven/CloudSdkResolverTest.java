package org.arvados.maven;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.InvalidInputException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What prune-images resolves when it runs is what the pom compiles and tests against, none of it reaches the class
 * path Maven builds for every goal, and SDKs Maven cannot resolve are one line naming them.
 */
class CloudSdkResolverTest {
    private static final Set<String> CLOUD_GROUPS = Set.of("software.amazon.awssdk", "com.google.auth",
            "com.google.guava");

    private static Model pom;

    @BeforeAll
    static void readPom() throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of("pom.xml"))) {
            pom = new MavenXpp3Reader().read(in);
        }
    }

    @Test
    void everyRootIsAProvidedDependencyOfThePomWithItsVersionAndExclusions() {
        Map<String, Dependency> declared = pom.getDependencies().stream()
                .collect(Collectors.toMap(Dependency::getManagementKey, Function.identity()));
        Map<String, String> versions = Map.of("software.amazon.awssdk", "aws-sdk.version", "com.google.auth",
                "google-auth.version", "com.google.guava", "guava.version");
        for (org.eclipse.aether.graph.Dependency root : CloudSdkResolver.roots()) {
            var artifact = root.getArtifact();
            Dependency dependency = declared.get(artifact.getGroupId() + ":" + artifact.getArtifactId() + ":jar");
            assertThat(dependency).as("the pom's dependency %s", artifact).isNotNull();
            assertThat(dependency.getScope()).as("%s's scope", artifact).isEqualTo("provided");
            assertThat(artifact.getVersion()).as("%s's version", artifact)
                    .isEqualTo(pom.getProperties().getProperty(versions.get(artifact.getGroupId())));
            assertThat(root.getExclusions().stream().map(e -> e.getGroupId() + ":" + e.getArtifactId()))
                    .as("%s's exclusions", artifact)
                    .containsExactlyInAnyOrderElementsOf(dependency.getExclusions().stream()
                            .map(e -> e.getGroupId() + ":" + e.getArtifactId()).toList());
            assertThat(root.getExclusions()).extracting(Exclusion::getClassifier, Exclusion::getExtension)
                    .allSatisfy(wildcards -> assertThat(wildcards.toList()).containsOnly("*"));
        }
    }

    @Test
    void sdksMavenCannotResolveAreAOneLineErrorNamingThem() throws Exception {
        RepositorySystem unreachable = (RepositorySystem) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RepositorySystem.class}, (proxy, method, arguments) -> {
                    DependencyRequest request = (DependencyRequest) arguments[1];
                    throw new DependencyResolutionException(new DependencyResult(request),
                            new IllegalStateException("Could not transfer artifact\nsoftware.amazon.awssdk:ec2"));
                });
        // No SDK on this class loader's path: what the plugin's class realm is inside Maven.
        try (URLClassLoader plugin = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> CloudSdkResolver.load(plugin, () -> unreachable,
                    new DefaultRepositorySystemSession(), List.of(), BuildLog.SILENT))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("prune-images needs the cloud SDKs (ec2 ")
                    .hasMessageContaining("which Maven cannot resolve: ")
                    .hasMessageEndingWith("check the network and the plugin repositories (settings.xml).")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void noCloudSdkIsOnTheClassPathOfEveryGoal() {
        List<String> onEveryGoalsClassPath = pom.getDependencies().stream()
                .filter(dependency -> CLOUD_GROUPS.contains(dependency.getGroupId()))
                .filter(dependency -> !"provided".equals(dependency.getScope()))
                .map(Dependency::getManagementKey).toList();
        assertThat(onEveryGoalsClassPath).isEmpty();
    }
}
