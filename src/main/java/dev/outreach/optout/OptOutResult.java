package dev.outreach.optout;

import dev.outreach.contact.ContactType;
import java.util.List;
import java.util.UUID;

/**
 * What an opt-out did: whether it was new, how many queued or pending messages it cancelled, and
 * which messages were already in flight (claimed for sending) when it committed.
 */
public record OptOutResult(
        ContactType type, String value, boolean alreadyOptedOut, int cancelled, List<UUID> inFlight) {}
