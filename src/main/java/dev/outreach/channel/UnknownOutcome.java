package dev.outreach.channel;

/**
 * We cannot tell whether the provider took the message (a timeout after the request was sent, a
 * connection lost mid-transaction). Never retried: the message is held for an operator.
 */
public class UnknownOutcome extends RuntimeException {

    public UnknownOutcome(String message, Throwable cause) {
        super(message, cause);
    }
}
