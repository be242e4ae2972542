package dev.outreach.source;

/** A lead source could not answer. */
public class SourceUnavailable extends RuntimeException {

    public SourceUnavailable(String message) {
        super(message);
    }

    /** Worth trying again soon: 429, 5xx, no connection. */
    public static class Busy extends SourceUnavailable {
        public Busy(String message) {
            super(message);
        }
    }
}
