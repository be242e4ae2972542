package dev.outreach.crm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a push reports to the CRM. */
public enum CrmEvent {
    /** The contact itself, created once. */
    CONTACT,
    /** A message that left, with a link to its compliance proof. */
    MESSAGE,
    /** A reply: its text and intent. */
    REPLY,
    /** An opt-out. */
    OPT_OUT,
    /** A meeting booked, moved, cancelled, held or missed; a deal when it is booked. */
    MEETING;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CrmEvent fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
