package dev.outreach.contact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The ways a lead can be contacted. LinkedIn is deliberately absent: it has no public messaging API. */
public enum Channel {
    EMAIL,
    CALL,
    SMS,
    WHATSAPP;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Channel fromDb(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Channels that ring or buzz a phone now, and so respect the calling window. */
    public boolean interruptsNow() {
        return this != EMAIL;
    }

    public boolean usesPhone() {
        return this != EMAIL;
    }
}
