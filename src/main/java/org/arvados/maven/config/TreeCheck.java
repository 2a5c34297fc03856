package org.arvados.maven.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Collections;

/**
 * The safety net behind the text edits: the edited document, read back, must equal the original
 * document with exactly the intended edits applied, compared as plain trees of tagged scalars.
 */
final class TreeCheck {
    /** A scalar as YAML resolves it: its tag (str, int, null, ...) and its string value. */
    record Scalar(String tag, String value) {
        static Scalar string(String value) {
            return new Scalar(Tag.STR.getValue(), value);
        }
    }

    private TreeCheck() {
    }

    static void verify(YamlDocument original, YamlDocument edited, List<ConfigEdit> edits) {
        Object expected = expected(original, edits);
        Object actual = plain(edited.root());
        if (!expected.equals(actual)) {
            throw new UnsupportedLayoutException(original.source() + ": the edited text would read back differently "
                    + "than intended (first difference at " + firstDifference(expected, actual, "") + "); the file "
                    + "was left untouched. Make the change by hand, and please report this layout.");
        }
    }

    /** The original tree with {@code edits} applied, as {@link #plain} trees. */
    static Object expected(YamlDocument original, List<ConfigEdit> edits) {
        Object tree = plain(original.root());
        for (ConfigEdit edit : edits) {
            apply(asMap(tree), edit);
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object tree) {
        return (Map<Object, Object>) tree;
    }

    private static void apply(Map<Object, Object> root, ConfigEdit edit) {
        Map<Object, Object> mapping = root;
        for (String key : edit.parentPath()) {
            Object child = mapping.get(Scalar.string(key));
            if (child instanceof Map<?, ?>) {
                mapping = asMap(child);
            } else if (edit.isRemoval()) {
                return;
            } else {
                Map<Object, Object> created = new LinkedHashMap<>();
                mapping.put(Scalar.string(key), created);
                mapping = created;
            }
        }
        if (edit.isRemoval()) {
            mapping.remove(Scalar.string(edit.key()));
        } else {
            mapping.put(Scalar.string(edit.key()), Scalar.string(edit.value()));
        }
    }

    /** Mappings as maps, sequences as lists, scalars as {@link Scalar}; styles and comments dropped. */
    static Object plain(Node node) {
        return plain(node, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Object plain(Node node, Set<Node> visiting) {
        if (node instanceof ScalarNode scalar) {
            return new Scalar(scalar.getTag().getValue(), scalar.getValue());
        }
        if (!visiting.add(node)) {
            throw new UnsupportedLayoutException("the document refers to itself through an alias; edit it by hand.");
        }
        try {
            if (node instanceof MappingNode mapping) {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    map.put(plain(tuple.getKeyNode(), visiting), plain(tuple.getValueNode(), visiting));
                }
                return map;
            }
            List<Object> list = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                list.add(plain(item, visiting));
            }
            return list;
        } finally {
            visiting.remove(node);
        }
    }

    private static String firstDifference(Object expected, Object actual, String at) {
        if (expected instanceof Map<?, ?> left && actual instanceof Map<?, ?> right) {
            for (Object key : left.keySet()) {
                String here = at.isEmpty() ? name(key) : at + "." + name(key);
                if (!right.containsKey(key)) {
                    return here + " (missing)";
                }
                if (!Objects.equals(left.get(key), right.get(key))) {
                    return firstDifference(left.get(key), right.get(key), here);
                }
            }
            for (Object key : right.keySet()) {
                if (!left.containsKey(key)) {
                    return (at.isEmpty() ? "" : at + ".") + name(key) + " (unexpected)";
                }
            }
        }
        return at.isEmpty() ? "the top level" : at;
    }

    private static String name(Object key) {
        return key instanceof Scalar scalar ? scalar.value() : String.valueOf(key);
    }
}
