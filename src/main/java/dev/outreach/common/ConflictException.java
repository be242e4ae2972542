package dev.outreach.common;

/**
 * The request is valid but the current state forbids it (a review of an item already reviewed, a
 * live campaign while dry-run is on). Answered with 409 and a message that says what to do.
 */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
