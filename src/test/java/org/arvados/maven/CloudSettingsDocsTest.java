package org.arvados.maven;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of each cloud's settings and the goal page's (which {@code arvados:help} prints as lines)
 * are the same rows; they name every field of the {@code <aws>}, {@code <azure>} and {@code <gcp>}
 * elements, each with its property, and each default is what the settings take when the POM says nothing.
 */
class CloudSettingsDocsTest {
    /** One row: element, type, default, required, property, what. */
    record Row(List<String> cells) {
        String element() {
            return cells.get(0);
        }
    }

    @ParameterizedTest
    @CsvSource({"aws, aws-image, org.arvados.maven.AwsParameters", "azure, azure-image, org.arvados.maven.AzureParameters",
            "gcp, gcp-image, org.arvados.maven.GcpParameters"})
    void theReadmeAndTheGoalPageDocumentEveryFieldWithItsPropertyAndItsTrueDefault(String cloud, String goal,
                                                                                 Class<?> parameters) throws Exception {
        List<Row> readme = readmeTable(cloud);
        assertThat(readme).as("README rows").isEqualTo(goalPageTable(goal, cloud));

        List<String> fields = new ArrayList<>();
        flatten(parameters, "", fields);
        assertThat(readme).extracting(Row::element).as("every field of <" + cloud + ">, in order")
                .containsExactlyElementsOf(fields);

        Object settings = parameters.getDeclaredMethod("toSettings", PropertyOverrides.class,
                java.util.function.Function.class).invoke(parameters.getDeclaredConstructor().newInstance(),
                new PropertyOverrides(null, null), (java.util.function.Function<String, Path>) value -> value == null ? null : Path.of(value));
        for (Row row : readme) {
            assertThat(row.cells().get(4)).as("property of " + row.element()).isEqualTo("arvados." + cloud + "."
                    + row.element());
            String documented = row.cells().get(2);
            Object value = component(settings, row.element());
            if (documented.equals("-")) {
                assertThat(value == null || value instanceof Collection<?> c && c.isEmpty()
                        || value instanceof Map<?, ?> m && m.isEmpty()).as(row.element() + " has no default, but is "
                        + value).isTrue();
            } else if (value != null) {
                assertThat(String.valueOf(value)).as("default of " + row.element()).isEqualTo(documented);
            }
        }
    }

    /** Field names as POM elements, a nested element's as {@code outer.inner}. */
    private static void flatten(Class<?> type, String prefix, List<String> names) {
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            if (field.getType().getEnclosingClass() == type) {
                flatten(field.getType(), prefix + field.getName() + ".", names);
            } else {
                names.add(prefix + field.getName());
            }
        }
    }

    /** The settings record's value at {@code path} ({@code ebsAutoscaleConfig.iops}); null below a null. */
    private static Object component(Object record, String path) throws Exception {
        Object value = record;
        for (String name : path.split("\\.")) {
            if (value == null) {
                return null;
            }
            RecordComponent found = null;
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    found = component;
                }
            }
            assertThat(found).as(path + " in " + value.getClass().getSimpleName()).isNotNull();
            value = found.getAccessor().invoke(value);
        }
        return value;
    }

    private static List<Row> readmeTable(String cloud) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf("| `<" + cloud + ">` element | type | default | required | property | what |");
        assertThat(header).as("the README's table of <" + cloud + ">").isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("| "); i++) {
            String line = lines.get(i);
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(2, line.length() - 2).split(" (?<!\\\\)\\| ", -1)) {
                cells.add(cell.replace("`", "").replace("\\|", "|").replace("&lt;", "<").strip());
            }
            rows.add(new Row(cells));
        }
        return rows;
    }

    private static List<Row> goalPageTable(String goal, String parameter) throws Exception {
        // The descriptor with the Javadoc's HTML, which the goal pages are made from (the jar's has plain text).
        Element plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target/plugin-enhanced.xml").toFile()).getDocumentElement();
        String description = null;
        NodeList mojos = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (!mojo.getElementsByTagName("goal").item(0).getTextContent().equals(goal)) {
                continue;
            }
            NodeList parameters = mojo.getElementsByTagName("parameter");
            for (int j = 0; j < parameters.getLength(); j++) {
                Element p = (Element) parameters.item(j);
                if (p.getElementsByTagName("name").item(0).getTextContent().equals(parameter)) {
                    description = p.getElementsByTagName("description").item(0).getTextContent();
                }
            }
        }
        assertThat(description).as(goal + " <" + parameter + ">'s description").isNotNull();
        List<Row> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(description);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip());
            }
            if (!cells.isEmpty()) {
                rows.add(new Row(cells));
            }
        }
        return rows;
    }
}
