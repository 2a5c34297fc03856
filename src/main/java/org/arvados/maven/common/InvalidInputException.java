package org.arvados.maven.common;

import java.util.List;

/**
 * Bad user input: every problem found, each naming the POM element (or file and line) and the fix.
 * Thrown before anything is written, so the mojos turn it into a build failure with nothing changed.
 */
public class InvalidInputException extends RuntimeException {
    private final List<String> problems;

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    public InvalidInputException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
