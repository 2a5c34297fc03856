package org.arvados.maven.image;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker API version crunch-run calls, a constant of its source (lib/crunchrun/docker.go): 1.35 up to Arvados
 * 3.2.0, 1.48 from 3.2.1 (which standardized on Docker 28). A daemon serving an older API refuses every call
 * ("client version 1.48 is too new"). Debian's docker.io serves 1.41 (Debian 12, Docker 20.10) and 1.45 (Debian 13,
 * Docker 26.1); docker-ce 28 serves 1.48.
 */
final class CrunchRunDockerApi {
    static final String BEFORE_3_2_1 = "1.35";
    static final String FROM_3_2_1 = "1.48";
    /** The newest API Debian's docker.io serves (Debian 13's). */
    static final String DEBIAN_DOCKER_IO = "1.45";

    private static final int[] RELEASE_3_2_1 = {3, 2, 1};
    /** A pattern's leading release numbers (of at most 9 digits, which an int holds), and what follows them. */
    private static final Pattern LEADING_RELEASE = Pattern.compile("([0-9]{1,9}(?:\\.[0-9]{1,9})*)(.*)");

    private CrunchRunDockerApi() {
    }

    /** The API crunch-run needs in every Arvados release the apt version pattern can match: the highest. */
    static String needed(String arvadosPattern) {
        return onlyBefore321(arvadosPattern) ? BEFORE_3_2_1 : FROM_3_2_1;
    }

    /** Whether a daemon serving API {@code served} answers a client calling API {@code needed}. */
    static boolean serves(String served, String needed) {
        return compare(numbers(served), numbers(needed)) >= 0;
    }

    /**
     * Whether every version the pattern matches is before 3.2.1. Read from the release numbers it starts with:
     * {@code 3.1.*} and {@code 3.1.5*} stay within 3.1, {@code 3.2.0*} and {@code 3.2.0-1} within 3.2.0 (versions
     * are written without leading zeros, so a 0 followed by {@code *} cannot grow into another number), but
     * {@code 3.1*} reaches 3.10 and {@code *} anything. A pattern that starts otherwise (an epoch, a letter) is
     * not known to stay before 3.2.1.
     */
    private static boolean onlyBefore321(String pattern) {
        Matcher release = LEADING_RELEASE.matcher(pattern);
        if (!release.matches()) {
            return false;
        }
        String[] parts = release.group(1).split("\\.");
        String rest = release.group(2);
        if (rest.startsWith(":")) {
            return false;
        }
        boolean digitsGrow = rest.startsWith("*") && !parts[parts.length - 1].startsWith("0");
        if (digitsGrow || rest.startsWith(".*")) {
            // Any numbers after the fixed ones: the fixed ones alone must already be before 3.2.1.
            int fixed = digitsGrow ? parts.length - 1 : parts.length;
            int[] prefix = numbers(Arrays.copyOf(parts, fixed));
            return compare(prefix, Arrays.copyOf(RELEASE_3_2_1, Math.min(fixed, RELEASE_3_2_1.length))) < 0;
        }
        return compare(numbers(parts), RELEASE_3_2_1) < 0;
    }

    private static int[] numbers(String dotted) {
        return numbers(dotted.split("\\."));
    }

    private static int[] numbers(String[] parts) {
        return Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
    }

    /** Compares release numbers, a missing number counting as 0 (3.2 is 3.2.0). */
    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference = Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
