package dev.outreach.gate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Locale;

/** One rule's answer, with the reason in words an operator can act on. */
@RegisterForReflection
public record Verdict(
        Rule rule, Result result, String reason, @JsonIgnore Instant retryAt) {

    @RegisterForReflection
    public enum Result {
        PASS,
        REFUSE,
        NOT_APPLICABLE;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Verdict pass(Rule rule, String reason) {
        return new Verdict(rule, Result.PASS, reason, null);
    }

    static Verdict notApplicable(Rule rule, String reason) {
        return new Verdict(rule, Result.NOT_APPLICABLE, reason, null);
    }

    static Verdict refuse(Rule rule, String reason, Instant retryAt) {
        return new Verdict(rule, Result.REFUSE, reason, retryAt);
    }

    public boolean refused() {
        return result == Result.REFUSE;
    }
}
