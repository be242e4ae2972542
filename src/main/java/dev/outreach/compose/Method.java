package dev.outreach.compose;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a draft was written: by the language model or by the deterministic template. */
public enum Method {
    AI,
    TEMPLATE;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Method fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
