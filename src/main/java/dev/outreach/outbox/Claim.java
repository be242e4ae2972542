package dev.outreach.outbox;

import java.util.List;

/**
 * What one claiming transaction did: how many due messages it decided, and which of them are to be
 * sent now (deferred, cancelled and dry-run messages are settled inside the transaction).
 */
public record Claim(int decided, List<Claimed> toSend) {

    static final Claim NOTHING_DUE = new Claim(0, List.of());
}
