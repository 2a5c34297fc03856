package org.arvados.maven.image;

import org.arvados.maven.common.Problems;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation rules shared by the image settings. Every check adds a problem that names the POM element
 * (and its property) and the fix; none ever quotes the content of a file, which may be a secret put in
 * the wrong place (a private key given as the public key, say).
 */
final class Checks {
    private static final Pattern SAFE_URL = Pattern.compile("[A-Za-z0-9._~:/@%+=,-]+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private Checks() {
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static void required(Problems problems, String element, String value, String fix) {
        problems.check(present(value), element + " is required: " + fix);
    }

    /** Checks {@code value} (when given) against {@code pattern}. */
    static void matches(Problems problems, String element, String value, Pattern pattern, String fix) {
        if (value != null) {
            problems.check(pattern.matcher(value).matches(), element + " is not valid: " + fix);
        }
    }

    static void oneOf(Problems problems, String element, String value, List<String> allowed) {
        if (value != null) {
            problems.check(allowed.contains(value),
                    element + " must be one of " + String.join(", ", allowed) + " (case matters)");
        }
    }

    static void positive(Problems problems, String element, Integer value, int minimum) {
        if (value != null) {
            problems.check(value >= minimum, element + " must be at least " + minimum);
        }
    }

    static boolean isIpAddress(String value) {
        if (value == null) {
            return false;
        }
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // A literal made only of hex digits, colons and dots is parsed, never looked up in DNS.
            return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean isHostname(String value) {
        return HOSTNAME.matcher(value).matches();
    }

    /** An /etc/hosts line: an IP address, then at least one host name. */
    static boolean isHostsLine(String line) {
        // A newline would make a second /etc/hosts line out of one <host>.
        if (line.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            return false;
        }
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 2 || !isIpAddress(fields[0])) {
            return false;
        }
        for (int i = 1; i < fields.length; i++) {
            if (!isHostname(fields[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean isAptUrl(String value) {
        // What no repository URL needs and a shell would read: quotes, $, ;, (, ), spaces and the like.
        if (!SAFE_URL.matcher(value).matches()) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if ("file".equals(scheme)) {
                return uri.getPath() != null && uri.getPath().startsWith("/");
            }
            return ("http".equals(scheme) || "https".equals(scheme)) && present(uri.getHost());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A file setting that, when given, must be a readable regular file. */
    static void existingFile(Problems problems, String element, Path file, String what) {
        if (file != null) {
            problems.check(Files.isRegularFile(file) && Files.isReadable(file),
                    element + ": " + file + " does not exist or is not readable; give the path of " + what);
        }
    }
}
