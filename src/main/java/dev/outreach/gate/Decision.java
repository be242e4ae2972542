package dev.outreach.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gate's answer for one contact at one instant, with every rule's verdict: the compliance
 * proof stored with the message and shown by {@code GET /api/messages/{id}}.
 */
@RegisterForReflection
public record Decision(Instant decidedAt, Action action, Instant retryAt, List<Verdict> rules) {

    @RegisterForReflection
    public enum Action {
        /** Every rule passed. */
        SEND,
        /** Only timing rules refused: try again at {@link Decision#retryAt()}. */
        DEFER,
        /** A final rule refused: the message must never be sent. */
        CANCEL;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean allowed() {
        return action == Action.SEND;
    }

    public List<Verdict> refusals() {
        return rules.stream().filter(Verdict::refused).toList();
    }

    /** "opt_out: …; daily_cap: …" — the refusals in one line, for logs and history. */
    public String summary() {
        if (allowed()) {
            return "allowed";
        }
        return String.join(
                "; ",
                refusals().stream().map(v -> v.rule().key() + ": " + v.reason()).toList());
    }

    public Optional<Verdict> verdict(Rule rule) {
        return rules.stream().filter(v -> v.rule() == rule).findFirst();
    }
}
