package org.arvados.maven.image;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import org.arvados.maven.common.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON for the files a render writes, as maps and lists: every object's keys sorted (no packer key's order has
 * meaning; arrays keep theirs), two-space indent, "\n" line ends, so equal input gives equal bytes.
 */
final class PackerJson {
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private PackerJson() {
    }

    static Map<String, Object> object() {
        return new TreeMap<>();
    }

    static Map<String, Object> object(Map<String, String> values) {
        return new TreeMap<>(values);
    }

    /** A new object under {@code name} in {@code parent}. */
    static Map<String, Object> putObject(Map<String, Object> parent, String name) {
        Map<String, Object> child = object();
        parent.put(name, child);
        return child;
    }

    /** A new array under {@code name} in {@code parent}. */
    static List<Object> putArray(Map<String, Object> parent, String name) {
        List<Object> child = new ArrayList<>();
        parent.put(name, child);
        return child;
    }

    /** A new object at the end of {@code array}. */
    static Map<String, Object> addObject(List<Object> array) {
        Map<String, Object> child = object();
        array.add(child);
        return child;
    }

    /** A packer user variable reference: {@code {{user `name`}}}. */
    static String user(String name) {
        return "{{user `" + name + "`}}";
    }

    /** Pretty JSON of maps (keys sorted, whatever map they are), lists, strings, numbers and booleans. */
    static String write(Object tree) {
        return Json.write(Json.tree(tree, TreeMap::new), PRINTER);
    }
}
