package dev.outreach.common;

/** No such entity, or not visible to the caller. Answered with 404. */
public class NotFoundException extends RuntimeException {

    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public static NotFoundException of(String kind, Object id) {
        return new NotFoundException("id", "no " + kind + " with id " + id);
    }

    public String field() {
        return field;
    }
}
