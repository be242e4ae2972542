package dev.outreach.deliverability;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the sender domain publishes in DNS and whether receivers will trust its mail:
 * an SPF record, a DMARC record and, when we sign, our DKIM key at {@code selector._domainkey}.
 * Gmail, Yahoo and Outlook.com refuse or spam-folder bulk mail without them.
 */
public record SenderDomain(String domain, Check spf, Check dkim, Check dmarc, Instant checkedAt) {

    public enum State {
        PASS,
        FAIL,
        MISSING,
        NOT_CONFIGURED;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One record's verdict.
     *
     * @param detail  what was found, in words
     * @param publish the record to publish to mend it ({@code name TXT "value"}), or null
     */
    public record Check(State state, String detail, String publish) {

        boolean passes() {
            return state == State.PASS;
        }
    }

    /** SPF and DMARC pass, and DKIM passes or we do not sign. */
    public boolean ok() {
        return spf.passes() && dmarc.passes() && (dkim.passes() || dkim.state() == State.NOT_CONFIGURED);
    }

    /** What is wrong and what to publish, in one sentence per record; empty when {@link #ok()}. */
    @JsonIgnore
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Check check : List.of(spf, dmarc, dkim)) {
            if (check.state() == State.FAIL || check.state() == State.MISSING) {
                problems.add(check.detail() + (check.publish() == null ? "" : "; publish " + check.publish()));
            }
        }
        return problems;
    }

    /**
     * What {@code GET /api/settings} shows (SPEC §15): each record's state, and for an operator the
     * details and the records to publish.
     */
    public record Summary(
            String domain,
            State spf,
            State dkim,
            State dmarc,
            boolean ok,
            Instant checkedAt,
            List<String> problems,
            List<String> publish,
            Map<String, String> details) {}

    public Summary summary() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("spf", spf.detail());
        details.put("dkim", dkim.detail());
        details.put("dmarc", dmarc.detail());
        List<String> publish = new ArrayList<>();
        for (Check check : List.of(spf, dmarc, dkim)) {
            if (check.state() != State.PASS && check.state() != State.NOT_CONFIGURED && check.publish() != null) {
                publish.add(check.publish());
            }
        }
        return new Summary(
                domain, spf.state(), dkim.state(), dmarc.state(), ok(), checkedAt, problems(), publish, details);
    }
}
