package org.arvados.maven.packer;

import org.arvados.maven.common.Problems;

import java.util.regex.Pattern;

/**
 * The packer plugin a cloud's builder comes from in packer 1.10+, at the version the build pins.
 *
 * @param source  e.g. github.com/hashicorp/amazon
 * @param version e.g. 1.3.10 (no leading v)
 */
public record PackerPlugin(String source, String version) {
    private static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})");

    /** A pinned version as the POM gives it: {@code 1.3.10} or {@code v1.3.10}; null or blank is {@code fallback}. */
    public static String normalise(String version, String fallback) {
        if (version == null || version.isBlank()) {
            return fallback;
        }
        String trimmed = version.trim();
        return trimmed.startsWith("v") ? trimmed.substring(1) : trimmed;
    }

    /** The version is major.minor.patch and not older than {@code minimum}, whose reason the message gives. */
    public static void check(Problems problems, String element, String version, String minimum, String why) {
        if (!VERSION.matcher(version).matches()) {
            problems.add(element + " is not valid: a plugin release such as " + minimum + " (major.minor.patch)");
            return;
        }
        problems.check(compare(version, minimum) >= 0, element + " is " + version + ": use " + minimum
                + " or later (" + why + ")");
    }

    /** Orders versions major.minor.patch by number: 1.10.0 after 1.9.9. */
    public static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int order = Integer.compare(Integer.parseInt(a[i]), Integer.parseInt(b[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** What {@code packer plugins install} takes as the version: {@code v1.3.10}. */
    public String installVersion() {
        return "v" + version;
    }

    @Override
    public String toString() {
        return source + " " + installVersion();
    }
}
