package org.arvados.maven.common;

/**
 * How every message names a setting: its POM element, then the property that sets it too, e.g.
 * {@code <aws><region> (arvados.aws.region)}.
 */
public final class Setting {
    private static final String PROPERTY_PREFIX = "arvados.";

    private Setting() {
    }

    /** {@code element("aws", "region")} is {@code <aws><region> (arvados.aws.region)}. */
    public static String element(String... path) {
        return tags(path) + " (" + property(path) + ")";
    }

    /** {@code property("aws", "region")} is {@code arvados.aws.region}. */
    public static String property(String... path) {
        return PROPERTY_PREFIX + String.join(".", path);
    }

    /** The element and property of a property's name: {@code arvados.aws.region} is {@code <aws><region> (...)}. */
    public static String ofProperty(String property) {
        String path = property.startsWith(PROPERTY_PREFIX) ? property.substring(PROPERTY_PREFIX.length()) : property;
        return tags(path.split("\\.")) + " (" + property + ")";
    }

    /** A setting's value, stripped, or null where it is unset or blank (a blank {@code -Dproperty=} unsets it). */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@link #blankToNull}'s value, or {@code fallback} where that is null. */
    public static String orDefault(String value, String fallback) {
        String given = blankToNull(value);
        return given == null ? fallback : given;
    }

    private static String tags(String... path) {
        StringBuilder tags = new StringBuilder();
        for (String part : path) {
            tags.append('<').append(part).append('>');
        }
        return tags.toString();
    }

    /** {@code first}, then {@code more}: the path of a setting nested in another ({@code <aws><tags>}). */
    static String[] concat(String first, String... more) {
        String[] path = new String[more.length + 1];
        path[0] = first;
        System.arraycopy(more, 0, path, 1, more.length);
        return path;
    }
}
