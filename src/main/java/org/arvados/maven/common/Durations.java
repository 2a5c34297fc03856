package org.arvados.maven.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as a person writes and reads them: 2h, 15m, 1h30m, 90s (ISO-8601 PT2H is accepted too). */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses {@code value}, which must be positive and at most {@code max}; {@code element} names the parameter in
     * the error for a bad value.
     */
    public static Duration parse(String element, String value, Duration max) {
        Duration duration = parse(element, value);
        if (duration.compareTo(max) > 0) {
            throw new InvalidInputException(element + " is '" + value + "': at most " + describe(max)
                    + " is allowed.");
        }
        return duration;
    }

    /** Parses {@code value}; {@code element} names the parameter in the error for a bad value. */
    public static Duration parse(String element, String value) {
        String text = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!text.isEmpty() && !text.contains("-") && !text.contains("+")) {
            try {
                Duration duration = Duration.parse(text.startsWith("P") ? text : iso(text));
                if (!duration.isZero()) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new InvalidInputException(element + " is '" + value + "': use a positive duration such as 2h, 15m,"
                + " 1h30m or 90s.");
    }

    /** 2h, 15m, 1h30m and 90s are ISO-8601's time part, 7d (or 1d12h) its date part then time part. */
    private static String iso(String text) {
        int days = text.indexOf('D') + 1;
        return "P" + text.substring(0, days) + (days < text.length() ? "T" + text.substring(days) : "");
    }

    /** {@code System.nanoTime()} plus {@code duration}, saturating instead of overflowing. */
    public static long deadlineNanos(Duration duration) {
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return nanos > Long.MAX_VALUE - Math.max(now, 0) ? Long.MAX_VALUE : now + nanos;
    }

    public static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
