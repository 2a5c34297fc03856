package org.arvados.maven.config;

import org.arvados.maven.testing.RandomInputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random documents (block and flow mappings, block lists, every scalar style, comments, blank lines, indentation
 * steps 2 to 4, LF or CRLF, characters outside the BMP before the edited spots) and random edits
 * (replace, insert, insert a new section, fill a null, remove). The document is built from a seed, so a
 * failure is reproduced by its seed. Checked independently of the editor's own tree check: the result
 * reads back as the intended tree, and every original line outside the edited keys' lines survives
 * byte for byte (an LCS of the lines deletes nothing else).
 */
class ConfigEditorPropertyTest {
    private static final List<String> PLAIN = List.of("docker", "ami-0abc123", "8GiB", "m5.large", "x\uD83D\uDE00y", "file:///a/b", "caf\u00e9");
    private static final List<String> SINGLE = List.of("it's ok", "a: b", "# not a comment", "22");
    private static final List<String> DOUBLE = List.of("quote \" inside", "tab\there", "\u00fcn\u00ef \uD83D\uDE80", "true", "");
    private static final List<String> NEW_VALUES = List.of("ami-0123456789abcdef0", "crunch", "", "true", "123", "a: b",
            "multi\nline", "\uD83D\uDE00", "file:///etc/arvados/id", "-dash", "#hash", "[x]", " lead", "it's", "16TB",
            "-----BEGIN KEY-----\nabc\n-----END KEY-----\n");

    /** What the generator knows about each key: its lines in the original, and its kind. */
    private record Entry(List<String> path, int firstLine, int lastLine, boolean mapping, boolean flowParent, boolean isNull) {
    }

    private static final class Generated {
        final Random random;
        final int step;
        final String newline;
        final List<String> lines = new ArrayList<>();
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Object> tree = new LinkedHashMap<>();
        int names;

        Generated(long seed) {
            random = new Random(seed);
            step = 2 + random.nextInt(3);
            newline = random.nextBoolean() ? "\r\n" : "\n";
            lines.add("# generated \uD83D\uDCDD config");
            block(tree, List.of(), 0, 0);
        }

        String text() {
            StringBuilder out = new StringBuilder();
            lines.forEach(line -> out.append(line).append(newline));
            return out.toString();
        }

        String name() {
            return "k" + (++names);
        }

        <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        String comment() {
            return random.nextInt(3) == 0 ? "   # note \u00e9\uD83D\uDE00" : "";
        }

        void block(Map<String, Object> into, List<String> parent, int indent, int depth) {
            int count = 2 + random.nextInt(3);
            String pad = " ".repeat(indent);
            for (int i = 0; i < count; i++) {
                if (random.nextInt(4) == 0) {
                    lines.add(random.nextBoolean() ? "" : pad + "# comment \uD83D\uDE00 line");
                }
                String key = name();
                List<String> path = append(parent, key);
                int first = lines.size();
                int kind = depth < 2 ? random.nextInt(8) : 2 + random.nextInt(6);
                switch (kind) {
                    case 0, 1 -> {
                        lines.add(pad + key + ":" + comment());
                        Map<String, Object> child = new LinkedHashMap<>();
                        into.put(key, child);
                        block(child, path, indent + step, depth + 1);
                        entries.add(new Entry(path, first, lines.size() - 1, true, false, false));
                        continue;
                    }
                    case 2 -> {
                        Map<String, Object> child = new LinkedHashMap<>();
                        List<String> parts = new ArrayList<>();
                        int size = 1 + random.nextInt(3);
                        for (int j = 0; j < size; j++) {
                            String childKey = name();
                            String value = random.nextBoolean() ? pick(PLAIN) : pick(DOUBLE);
                            parts.add(childKey + ": " + (PLAIN.contains(value) ? value : ConfigEditorPropertyTest.doubleQuoted(value)));
                            child.put(childKey, value);
                            entries.add(new Entry(append(path, childKey), first, first, false, true, false));
                        }
                        lines.add(pad + key + ": {" + String.join(", ", parts) + "}" + comment());
                        into.put(key, child);
                        entries.add(new Entry(path, first, first, true, false, false));
                        continue;
                    }
                    case 3 -> {
                        String value = pick(PLAIN);
                        lines.add(pad + key + ": " + value + comment());
                        into.put(key, value);
                    }
                    case 4 -> {
                        String value = random.nextBoolean() ? pick(SINGLE) : pick(DOUBLE);
                        lines.add(pad + key + ": " + (SINGLE.contains(value) ? "'" + value.replace("'", "''") + "'"
                                : ConfigEditorPropertyTest.doubleQuoted(value)) + comment());
                        into.put(key, value);
                    }
                    case 5 -> {
                        boolean strip = random.nextBoolean();
                        lines.add(pad + key + ": |" + (strip ? "-" : "") + comment());
                        String inner = " ".repeat(indent + step);
                        lines.add(inner + "line one \uD83D\uDE00");
                        lines.add(inner + "line: two");
                        into.put(key, "line one \uD83D\uDE00\nline: two" + (strip ? "" : "\n"));
                    }
                    case 7 -> {
                        // A block list, its dashes either indented or at the key's own column; not edited.
                        lines.add(pad + key + ":" + comment());
                        String dash = random.nextBoolean() ? pad : " ".repeat(indent + step);
                        List<String> items = List.of(pick(PLAIN), pick(PLAIN));
                        items.forEach(item -> lines.add(dash + "- " + item));
                        into.put(key, items);
                        continue;
                    }
                    default -> {
                        lines.add(pad + key + ":" + (random.nextBoolean() ? " ~" : "") + comment());
                        into.put(key, null);
                        entries.add(new Entry(path, first, first, false, false, true));
                        continue;
                    }
                }
                entries.add(new Entry(path, first, lines.size() - 1, false, false, false));
            }
        }
    }

    static String doubleQuoted(String value) {
        return ScalarRenderer.doubleQuoted(value);
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return List.copyOf(longer);
    }

    static Stream<Arguments> seedsAndEditCounts() {
        return RandomInputs.cases(5, 1000, random -> Arguments.of(random.anyLong(), random.between(1, 5)));
    }

    @ParameterizedTest(name = RandomInputs.CASE_NAME)
    @MethodSource("seedsAndEditCounts")
    void editsChangeOnlyWhatTheySay(long seed, int editCount) {
        Generated doc = new Generated(seed);
        String original = doc.text();
        List<ConfigEdit> edits = new ArrayList<>();
        Set<Integer> touched = new HashSet<>();
        Set<List<String>> gone = new HashSet<>();
        Set<List<String>> removed = new HashSet<>();
        for (int i = 0; i < editCount && !doc.entries.isEmpty(); i++) {
            Entry entry = doc.pick(doc.entries);
            if (gone.stream().anyMatch(prefix -> entry.path().subList(0, Math.min(prefix.size(), entry.path().size())).equals(prefix))) {
                continue;
            }
            String value = doc.pick(NEW_VALUES);
            int choice = doc.random.nextInt(4);
            if (entry.mapping()) {
                List<String> path = choice == 0 ? append(append(entry.path(), "n" + i), "m" + i) : append(entry.path(), "n" + i);
                edits.add(ConfigEdit.set(path, value));
                if (entry.lastLine() == entry.firstLine()) {
                    touched.add(entry.firstLine()); // a flow mapping grows on its own line
                }
            } else if (entry.isNull()) {
                edits.add(ConfigEdit.set(append(entry.path(), "n" + i), value));
                touched.add(entry.firstLine());
                gone.add(entry.path()); // no longer a null leaf
            } else if (choice == 1 && siblings(doc, entry, removed) >= 2) {
                edits.add(ConfigEdit.remove(entry.path()));
                addRange(touched, entry);
                gone.add(entry.path());
                removed.add(entry.path());
            } else {
                edits.add(ConfigEdit.set(entry.path(), value));
                addRange(touched, entry);
                gone.add(entry.path()); // its lines now differ; leave it alone from here on
            }
        }
        Map<String, Object> intended = deepCopy(doc.tree);
        edits.forEach(edit -> apply(intended, edit));

        String edited = ConfigEditor.edit(original, edits, "generated.yml").text();

        assertThat(readBack(edited)).as("read back\n%s\nfrom\n%s\nedits %s", edited, original, edits).isEqualTo(intended);
        List<String> before = UnifiedDiff.lines(original);
        for (int deleted : deletedLines(before, UnifiedDiff.lines(edited))) {
            assertThat(touched).as("line %d (%s) changed but was not edited; edits %s%n%s", deleted + 1,
                    before.get(deleted), edits, edited).contains(deleted);
        }
    }

    /** How many keys the entry's mapping has (removing the last one would leave a null, not a mapping). */
    private static long siblings(Generated doc, Entry entry, Set<List<String>> removed) {
        List<String> parent = entry.path().subList(0, entry.path().size() - 1);
        return doc.entries.stream().filter(other -> other.path().size() == entry.path().size()
                && other.path().subList(0, parent.size()).equals(parent) && !removed.contains(other.path())).count();
    }

    private static void addRange(Set<Integer> touched, Entry entry) {
        for (int line = entry.firstLine(); line <= entry.lastLine(); line++) {
            touched.add(line);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> tree) {
        Map<String, Object> copy = new LinkedHashMap<>();
        tree.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> map ? deepCopy((Map<String, Object>) map) : value));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> tree, ConfigEdit edit) {
        Map<String, Object> mapping = tree;
        for (String key : edit.parentPath()) {
            Object child = mapping.get(key);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                mapping.put(key, child);
            }
            mapping = (Map<String, Object>) child;
        }
        if (edit.isRemoval()) {
            mapping.remove(edit.key());
        } else {
            mapping.put(edit.key(), edit.value());
        }
    }

    /** Strings stay strings; any other resolved type is marked, so "true" written plain would not pass. */
    private static Object readBack(String text) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        return plain(root);
    }

    private static Object plain(Node node) {
        if (node instanceof ScalarNode scalar) {
            if (Tag.NULL.equals(scalar.getTag())) {
                return null;
            }
            return Tag.STR.equals(scalar.getTag()) ? scalar.getValue() : scalar.getTag() + ":" + scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(ConfigEditorPropertyTest::plain).toList();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            map.put(((ScalarNode) tuple.getKeyNode()).getValue(), plain(tuple.getValueNode()));
        }
        return map;
    }

    /** Indexes of original lines that an LCS alignment with the edited lines drops. */
    private static List<Integer> deletedLines(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Integer> deleted = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size()) {
            if (j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1]) {
                deleted.add(i++);
            } else {
                j++;
            }
        }
        return deleted;
    }
}
