package org.arvados.maven.common;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems so that one error reports all of them, not only the first. */
public final class Problems {
    private final List<String> problems = new ArrayList<>();

    public Problems add(String problem) {
        problems.add(problem);
        return this;
    }

    /** Adds {@code problem} when {@code condition} is false. */
    public Problems check(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
        return this;
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws {@link InvalidInputException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
