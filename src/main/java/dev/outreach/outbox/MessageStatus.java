package dev.outreach.outbox;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The outbox state machine (DESIGN.md): {@code draft → pending_approval → queued → sending → sent →
 * delivered | bounced}; {@code sending → failed | queued (not taken, retried) | held (outcome
 * unknown)}; {@code pending_approval → rejected | expired}; {@code queued | pending_approval →
 * cancelled}; dry-run ends in {@code dry_run}.
 */
public enum MessageStatus {
    DRAFT, PENDING_APPROVAL, QUEUED, SENDING, SENT, DELIVERED, FAILED, BOUNCED, HELD, DRY_RUN, CANCELLED, REJECTED,
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
}
