package dev.outreach.channel;

/**
 * The provider did not take the message and said so (connection refused, SMTP 4xx, HTTP 429 or
 * 5xx before acceptance): safe to try again, nothing was delivered.
 */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
