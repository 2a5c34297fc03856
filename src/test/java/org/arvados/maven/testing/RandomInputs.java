package org.arvados.maven.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random inputs for property-style tests, from a fixed seed: every run tries the same cases, in the same order, and
 * a failing case is reported with its number. Strings lean towards what breaks parsers: empty ones,
 * control characters, commas, backslashes, quotes, non-ASCII and unpaired surrogates.
 */
public final class RandomInputs {
    /** A parameterized test's name for one case: its number (the input itself may be unprintable). */
    public static final String CASE_NAME = "case {index}";
    private static final String AWKWARD = ",\\\"'$`\n\r\t %!()#:= ";
    private final SplittableRandom random;

    private RandomInputs(SplittableRandom random) {
        this.random = random;
    }

    /** {@code count} cases, each made by {@code make} from its own generator, split from one seeded at {@code seed}. */
    public static <T> Stream<T> cases(long seed, int count, Function<RandomInputs, T> make) {
        SplittableRandom root = new SplittableRandom(seed);
        return IntStream.range(0, count).mapToObj(i -> make.apply(new RandomInputs(root.split())));
    }

    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    public long anyLong() {
        return random.nextLong();
    }

    @SafeVarargs
    public final <T> T oneOf(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One of the suppliers' values, each equally likely. */
    @SafeVarargs
    public final <T> T either(Supplier<? extends T>... makers) {
        return makers[random.nextInt(makers.length)].get();
    }

    public <T> List<T> list(int maxSize, Supplier<T> element) {
        int size = between(0, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** Any text up to {@code maxLength} UTF-16 units: a tenth are empty. */
    public String string(int maxLength) {
        if (random.nextInt(10) == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        int length = between(1, maxLength);
        while (text.length() < length) {
            text.append(switch (random.nextInt(6)) {
                case 0 -> AWKWARD.charAt(random.nextInt(AWKWARD.length()));
                case 1 -> (char) random.nextInt(0x20);
                case 2 -> (char) random.nextInt(0x80, 0x3000);
                case 3 -> (char) random.nextInt(0xD800, 0xE000);
                default -> (char) random.nextInt(0x20, 0x7F);
            });
        }
        return text.toString();
    }

    /** Letters and digits only, {@code minLength} to {@code maxLength} long. */
    public String alphanumeric(int minLength, int maxLength) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = between(minLength, maxLength); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Digits only, up to {@code maxLength} long (possibly empty). */
    public String numeric(int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = between(0, maxLength); i > 0; i--) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    public byte[] bytes(int maxLength) {
        byte[] bytes = new byte[between(0, maxLength)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
