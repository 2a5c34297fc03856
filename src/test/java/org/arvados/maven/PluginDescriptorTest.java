package org.arvados.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin descriptor the build wrote (META-INF/maven/plugin.xml beside the compiled mojos) says for every goal
 * and every parameter a user can set since which release it exists: the goal pages and {@code arvados:help} show it.
 */
class PluginDescriptorTest {
    /** Written by maven-plugin-plugin, with the plugin tools' own parameters. */
    private static final String GENERATED_HELP_GOAL = "help";

    @Test
    void everyGoalAndParameterSaysSinceWhichRelease() throws Exception {
        Element plugin = descriptor();

        List<String> goals = new ArrayList<>();
        List<String> withoutSince = new ArrayList<>();
        for (Element mojo : children(plugin, "mojos", "mojo")) {
            String goal = text(mojo, "goal");
            if (goal.equals(GENERATED_HELP_GOAL)) {
                continue;
            }
            goals.add(goal);
            if (!hasSince(mojo)) {
                withoutSince.add(goal);
            }
            for (Element parameter : children(mojo, "parameters", "parameter")) {
                if (text(parameter, "editable").equals("true") && !hasSince(parameter)) {
                    withoutSince.add(goal + " <" + text(parameter, "name") + ">");
                }
            }
        }

        assertThat(goals).contains("keypair", "aws-image", "update-config");
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        assertThat(goals).as("goals whose page the README does not link").allSatisfy(goal ->
                assertThat(readme).contains("(target/site/" + goal + "-mojo.html)"));
        assertThat(readme).contains("(target/site/" + GENERATED_HELP_GOAL + "-mojo.html)");
        assertThat(withoutSince).as("goals and parameters without @since in their Javadoc").isEmpty();
    }

    /** The descriptor's prerequisite is the oldest Maven CI runs the ITs under, and what the README promises. */
    @Test
    void theRequiredMavenIsTheOldestTheItsRunUnderAndTheReadmesOldest() throws Exception {
        String required = text(descriptor(), "requiredMavenVersion");
        assertThat(java.nio.file.Files.readString(Path.of(".ci/run"))).contains("\nmaven_oldest=" + required + "\n");
        assertThat(java.nio.file.Files.readString(Path.of("README.md"))).contains("work with Maven " + required
                + " and later");
    }

    /** arvados:help prints the plugin's description as written: a line break in it breaks a sentence there. */
    @Test
    void thePluginsDescriptionIsOneLine() throws Exception {
        assertThat(text(descriptor(), "description")).isNotEmpty().doesNotContain("\n");
    }

    private static Element descriptor() throws Exception {
        Path classes = Path.of(KeypairMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(classes.resolve("META-INF/maven/plugin.xml").toFile()).getDocumentElement();
    }

    private static boolean hasSince(Element element) {
        return text(element, "since").matches("\\d+\\.\\d+\\.\\d+");
    }

    private static List<Element> children(Element parent, String listName, String itemName) {
        List<Element> items = new ArrayList<>();
        for (Element list : direct(parent, listName)) {
            items.addAll(direct(list, itemName));
        }
        return items;
    }

    private static List<Element> direct(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element child && child.getTagName().equals(name)) {
                found.add(child);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = direct(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }
}
