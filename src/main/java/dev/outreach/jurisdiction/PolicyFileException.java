package dev.outreach.jurisdiction;

import java.util.List;

/** An override of the country policies that cannot be used: each problem names the file, the line and what is wrong. */
public class PolicyFileException extends RuntimeException {

    private final List<String> problems;

    public PolicyFileException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
