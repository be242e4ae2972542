package dev.outreach.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/**
 * The rules of the compliance gate, in the order they are reported. A refusal by a final
 * rule cancels the message; a refusal by a timing rule defers it.
 */
@RegisterForReflection
public enum Rule {
    /** The lead may be contacted on this channel: verified contact, not rejected, replied or undeliverable. */
    LEAD_STATUS(true),
    /** Neither the recipient nor any contact of the lead has opted out. */
    OPT_OUT(true),
    /** The number is not on the Do-Not-Call list. */
    DO_NOT_CALL(true),
    /** The law of the recipient's country allows this channel: consent, notice, registration. */
    JURISDICTION(true),
    /** The agency's CRM does not know the lead as a customer or an open deal. */
    CRM_CUSTOMER(true),
    /** A live message names the real sender and postal address. */
    SENDER_IDENTITY(false),
    /** The sender domain publishes SPF, DMARC and our DKIM key. */
    SENDER_DOMAIN(false),
    /** No reputation brake is engaged on the sending domain. */
    SENDER_REPUTATION(false),
    /** The channel's daily cap. */
    DAILY_CAP(false),
    /** A new sending domain's daily email allowance while it warms up. */
    WARM_UP(false),
    /** The destination country's daily call cap. */
    COUNTRY_CAP(false),
    /** Emails per recipient domain in any 60 minutes. */
    DOMAIN_THROTTLE(false),
    /** No new outreach to a lead contacted within the cool-down. */
    LEAD_COOLDOWN(true),
    /** Waits set by an outcome: call back in 3 days, voicemail 7, not interested 90. */
    OUTCOME_COOLDOWN(false),
    /** The lead's local time is inside the window and 08:00–21:00. */
    CALLING_WINDOW(false);

    private final boolean finalRefusal;

    Rule(boolean finalRefusal) {
        this.finalRefusal = finalRefusal;
    }

    /** A refusal that no amount of waiting changes: the message is cancelled. */
    public boolean finalRefusal() {
        return finalRefusal;
    }

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
