package dev.outreach.crm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The CRM an agency keeps: one at a time, {@code none} by default. */
public enum CrmSystem {
    NONE("No CRM"),
    HUBSPOT("HubSpot"),
    PIPEDRIVE("Pipedrive");

    private final String label;

    CrmSystem(String label) {
        this.label = label;
    }

    /** As the owner reads it: "HubSpot". */
    public String label() {
        return label;
    }

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CrmSystem of(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
