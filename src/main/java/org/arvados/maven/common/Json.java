package org.arvados.maven.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider;
import com.fasterxml.jackson.jr.ob.api.ValueReader;
import com.fasterxml.jackson.jr.ob.impl.JSONReader;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON through jackson-jr, which every package shares: records read by their components (unknown properties
 * ignored, so files written by newer versions or other tools still read), and written as trees of maps and lists
 * in the order their {@link JsonPropertyOrder} gives, nulls and {@code NON_EMPTY} empties left out, instants as
 * ISO-8601 text. jackson-databind did this before; its first use in a fresh class realm, which every goal's run
 * is, cost about 0.4 s against jackson-jr's 0.1 s.
 */
public final class Json {
    // Null map values are written (a packer variable without a default is null); a record's nulls never reach it.
    private static final JSON JR = JSON.builder().register(new InstantsAsText()).build()
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON PRETTY = JR.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** {@code json} as {@code type}: a record (its components by name), a Map or a List. */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return JR.beanFrom(type, json);
    }

    /** {@code json} as maps, lists, strings, numbers and booleans; null for JSON's null. */
    public static Object readTree(String json) throws IOException {
        return JR.anyFrom(json);
    }

    /** Pretty JSON in Jackson's default layout ({@code "key" : value}, two-space indent), with a final line break. */
    public static String write(Object value) {
        return write(value, null);
    }

    /** As {@link #write(Object)}, laid out by {@code printer}. */
    public static String write(Object value, PrettyPrinter printer) {
        try {
            return (printer == null ? PRETTY : JR.with(printer)).asString(tree(value)) + "\n";
        } catch (IOException e) {
            // Maps, lists, strings, numbers and booleans always write.
            throw new IllegalStateException(e);
        }
    }

    /** {@code value} with every record in it as an ordered map and every instant as text. */
    public static Object tree(Object value) {
        return tree(value, LinkedHashMap::new);
    }

    /** As {@link #tree(Object)}, every map in it copied into one {@code maps} makes ({@code TreeMap::new} sorts them). */
    public static Object tree(Object value, Supplier<Map<String, Object>> maps) {
        if (value instanceof Record record) {
            return recordTree(record);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = maps.get();
            map.forEach((key, element) -> copy.put(String.valueOf(key), tree(element, maps)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(element -> tree(element, maps)).toList();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value;
    }

    private static Map<String, Object> recordTree(Record record) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (RecordComponent component : inWritingOrder(record.getClass())) {
            Object value;
            try {
                java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true); // a record may be private to its package, as a file's layout is
                value = accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            if (value != null && !(isEmpty(value) && leavesOutEmpty(component))) {
                tree.put(component.getName(), tree(value));
            }
        }
        return tree;
    }

    private static List<RecordComponent> inWritingOrder(Class<?> type) {
        List<RecordComponent> components = new ArrayList<>(Arrays.asList(type.getRecordComponents()));
        JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
        if (order != null) {
            List<String> names = List.of(order.value());
            // Components the annotation leaves out follow, in declaration order (List.sort is stable).
            components.sort(java.util.Comparator.comparingInt(component -> {
                int index = names.indexOf(component.getName());
                return index < 0 ? names.size() : index;
            }));
        }
        return components;
    }

    private static boolean leavesOutEmpty(RecordComponent component) {
        // JsonInclude cannot target a record component: Java puts it on the accessor (and the field).
        JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
        return include != null && include.value() == JsonInclude.Include.NON_EMPTY;
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Collection<?> list && list.isEmpty() || value instanceof Map<?, ?> map && map.isEmpty();
    }

    /** What is at {@code path} (map keys and list indexes) in a tree {@link #readTree} read; null where nothing is. */
    public static Object at(Object tree, Object... path) {
        Object node = tree;
        for (Object step : path) {
            if (step instanceof Integer index && node instanceof List<?> list) {
                node = index < list.size() ? list.get(index) : null;
            } else if (node instanceof Map<?, ?> map) {
                node = map.get(step);
            } else {
                return null;
            }
        }
        return node;
    }

    /** The text, number or boolean at {@code path} as text; "" where there is none, as in an answer lacking a field. */
    public static String text(Object tree, Object... path) {
        Object node = at(tree, path);
        return node == null || node instanceof Map || node instanceof List ? "" : node.toString();
    }

    /** Instants as ISO-8601 text ({@code 2026-11-02T09:41:07Z}), as they are written. */
    private static final class InstantsAsText extends JacksonJrExtension {
        @Override
        protected void register(ExtensionContext context) {
            ValueReader instants = new ValueReader(Instant.class) {
                @Override
                public Object read(JSONReader reader, JsonParser parser) throws IOException {
                    String text = parser.getValueAsString();
                    try {
                        return text == null ? null : Instant.parse(text);
                    } catch (DateTimeException e) {
                        throw new com.fasterxml.jackson.core.JsonParseException(parser, "not an instant such as"
                                + " 2026-11-02T09:41:07Z: \"" + text + "\"");
                    }
                }
            };
            context.insertProvider(new ReaderWriterProvider() {
                @Override
                public ValueReader findValueReader(JSONReader reader, Class<?> type) {
                    return type == Instant.class ? instants : null;
                }
            });
        }
    }
}
