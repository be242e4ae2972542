package dev.outreach.contact;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an opt-out names: an email address or a phone number (E.164). */
public enum ContactType {
    EMAIL,
    PHONE;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContactType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
