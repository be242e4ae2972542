package dev.outreach.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The outbox state machine (DESIGN.md): {@code draft → pending_approval → queued → sending → sent →
 * delivered | bounced}; {@code sending → failed | queued (not taken, retried) | held (outcome
 * unknown)}; {@code pending_approval → rejected | expired}; {@code queued | pending_approval →
 * cancelled}; dry-run ends in {@code dry_run}; an operator decides what a held message was (sent,
 * cancelled, or queued again). This enum is the one list of transitions: the transitions of this package guard
 * each update with it, and the database trigger of V6 holds the same list (a test keeps them equal).
 */
public enum MessageStatus {
    DRAFT,
    PENDING_APPROVAL,
    QUEUED,
    SENDING,
    SENT,
    DELIVERED,
    FAILED,
    BOUNCED,
    HELD,
    DRY_RUN,
    CANCELLED,
    REJECTED,
    EXPIRED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** No further transition happens without an operator or a provider event. */
    public boolean settled() {
        return this != DRAFT && this != PENDING_APPROVAL && this != QUEUED && this != SENDING;
    }

    /** The statuses a message may move to this one from; staying where it is is not a transition. */
    public Set<MessageStatus> allowedBefore() {
        return switch (this) {
            case DRAFT -> EnumSet.noneOf(MessageStatus.class);
            case PENDING_APPROVAL -> EnumSet.of(DRAFT);
            // approved; not taken by the provider and retried; an operator sends a held message again
            case QUEUED -> EnumSet.of(DRAFT, PENDING_APPROVAL, SENDING, HELD);
            case SENDING, DRY_RUN -> EnumSet.of(QUEUED);
            // an operator confirms that a held message left
            case SENT -> EnumSet.of(SENDING, HELD);
            case DELIVERED -> EnumSet.of(SENT, HELD);
            case FAILED -> EnumSet.of(SENDING, SENT, DELIVERED, HELD);
            case BOUNCED -> EnumSet.of(SENT, DELIVERED, HELD);
            case HELD -> EnumSet.of(SENDING);
            case CANCELLED -> EnumSet.of(DRAFT, PENDING_APPROVAL, QUEUED, HELD);
            case REJECTED, EXPIRED -> EnumSet.of(PENDING_APPROVAL);
        };
    }

    public boolean canMoveTo(MessageStatus next) {
        return next == this || next.allowedBefore().contains(this);
    }

    /**
     * The database values of {@code from}, for a transition's {@code where status = any($n)}, after
     * checking that each of them may move to {@code to}: a transition the state machine does not
     * allow fails where it is declared, not in production.
     */
    public static String[] guard(MessageStatus to, MessageStatus... from) {
        for (MessageStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the message state machine has no transition " + f + " → " + to);
            }
        }
        return Arrays.stream(from).map(MessageStatus::dbValue).toArray(String[]::new);
    }
}
