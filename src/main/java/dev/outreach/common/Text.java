package dev.outreach.common;

import java.util.regex.Pattern;

/** Free text typed by people (reasons, subjects, bodies): checked before it is stored or shown. */
public final class Text {

    /** C0 controls other than tab and line breaks, and DEL: PostgreSQL refuses NUL, and none belongs in text. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private Text() {}

    /** The value unchanged, or a 400 naming the field when it holds control characters. */
    public static String checked(String field, String value) {
        if (value != null && CONTROL.matcher(value).find()) {
            throw new InvalidInputException(field, "contains control characters");
        }
        return value;
    }
}
