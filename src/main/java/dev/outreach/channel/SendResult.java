package dev.outreach.channel;

/**
 * What a provider said about one message. Failures that may be retried or whose outcome is unknown
 * are exceptions ({@link TransientFailure}, {@link UnknownOutcome}) so that fault tolerance sees
 * them; a permanent refusal is an answer, not a fault, and never trips a circuit breaker.
 */
public sealed interface SendResult permits SendResult.Accepted, SendResult.Rejected {

    /**
     * The provider took the message; {@code providerRef} is its id (SendGrid message id, Twilio SID),
     * null over SMTP, where the message is known by the Message-ID it was sent with.
     */
    record Accepted(String providerRef) implements SendResult {}

    /** The provider will never deliver it (invalid recipient, blocked): the contact is undeliverable. */
    record Rejected(String reason) implements SendResult {}
}
