package dev.outreach.common;

import java.util.List;

/** Input that cannot be accepted; every problem names its field. Answered with 400. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(
                errors.isEmpty()
                        ? "invalid input"
                        : errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The first problem in words for a page: "email is not a valid email address". */
    public String firstProblem() {
        return errors.isEmpty()
                ? getMessage()
                : errors.get(0).field() + " " + errors.get(0).message();
    }
}
