package org.arvados.maven;

import org.arvados.maven.common.Durations;
import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.Setting;

import java.time.Duration;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Nested cloud settings ({@code <aws><sourceAmi>}) can also be given as properties
 * ({@code -Darvados.aws.sourceAmi=...}), as jib does for {@code -Djib.to.image}: a property on the command
 * line wins over the POM, which wins over a {@code <properties>} entry of the project. A value that is not
 * even of its type is collected in {@link #problems()} (and read as unset), so that it is reported with
 * every other problem of the configuration in one error.
 */
final class PropertyOverrides {
    private final Properties commandLine;
    private final Properties project;
    private final Problems problems = new Problems();

    PropertyOverrides(Properties commandLine, Properties project) {
        this.commandLine = commandLine == null ? new Properties() : commandLine;
        this.project = project == null ? new Properties() : project;
    }

    /** The value, or null where it is unset or blank: a blank {@code -Dproperty=} unsets what the POM says. */
    String string(String property, String pomValue) {
        String fromCommandLine = commandLine.getProperty(property);
        String value = fromCommandLine != null ? fromCommandLine : pomValue != null ? pomValue : project.getProperty(property);
        return value == null || value.isBlank() ? null : value;
    }

    Boolean bool(String property, Boolean pomValue) {
        try {
            return toBoolean(property, string(property, pomValue == null ? null : pomValue.toString()));
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** {@code true} or {@code false} (any case), null for null; anything else is an error naming the property. */
    static Boolean toBoolean(String property, String value) {
        return toBoolean(value, () -> Setting.ofProperty(property));
    }

    /** As {@link #toBoolean(String, String)}, the error naming the setting as {@code setting} says. */
    static Boolean toBoolean(String value, Supplier<String> setting) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(setting.get() + " is '" + value + "': use true or false.");
        };
    }

    Integer integer(String property, Integer pomValue) {
        String value = string(property, pomValue == null ? null : pomValue.toString());
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            problems.add(Setting.ofProperty(property) + " is '" + value + "': use a whole number.");
            return null;
        }
    }

    /**
     * A duration parameter ({@code 2h}, {@code 15m}) of at most {@code max}; a bad one is collected and
     * {@code fallback} used.
     */
    Duration duration(String element, String value, Duration max, Duration fallback) {
        return parse(() -> Durations.parse(element, value, max), fallback);
    }

    /** What {@code parser} makes of a parameter; the error it throws on a bad value is collected, and {@code fallback} used. */
    <T> T parse(Supplier<T> parser, T fallback) {
        try {
            return parser.get();
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    /** The values that were not of their type, each naming its element and property. */
    List<String> problems() {
        return problems.list();
    }

    /** A list: the POM's {@code <x><y>a</y></x>} form, or a comma-separated property value. */
    List<String> list(String property, List<String> pomValue) {
        String fromCommandLine = commandLine.getProperty(property);
        if (fromCommandLine != null) {
            return split(fromCommandLine);
        }
        if (pomValue != null) {
            return List.copyOf(pomValue);
        }
        String fromProject = project.getProperty(property);
        return fromProject == null ? null : split(fromProject);
    }

    /**
     * A map: the POM's {@code <x><key>value</key></x>} form, or a property of {@code key=value} pairs
     * separated by commas. A pair without '=' is collected as a problem and skipped.
     */
    Map<String, String> map(String property, Map<String, String> pomValue) {
        String fromCommandLine = commandLine.getProperty(property);
        String text = fromCommandLine != null || pomValue != null ? fromCommandLine : project.getProperty(property);
        if (text == null) {
            return pomValue == null ? null : new LinkedHashMap<>(pomValue);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : split(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add(Setting.ofProperty(property) + " has '" + pair + "': use key=value pairs separated by commas.");
            } else {
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
