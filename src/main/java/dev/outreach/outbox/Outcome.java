package dev.outreach.outbox;

/**
 * What became of one claimed message once its provider answered (or did not): recorded in groups
 * by {@link OutcomeRecorder#recordAll}.
 */
sealed interface Outcome permits Outcome.Sent, Outcome.Rejected, Outcome.NotTaken, Outcome.Held {

    Claimed claimed();

    /** The provider took it. */
    record Sent(Claimed claimed, String providerRef) implements Outcome {}

    /** The provider will never deliver to this contact. */
    record Rejected(Claimed claimed, String reason) implements Outcome {}

    /** The provider did not take it: back to the queue after {@code retryIn}. */
    record NotTaken(Claimed claimed, String reason, java.time.Duration retryIn, boolean attempted) implements Outcome {}

    /** Nobody knows whether it left. */
    record Held(Claimed claimed, String reason) implements Outcome {}
}
