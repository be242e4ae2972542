package dev.outreach.lead;

import dev.outreach.common.FieldError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lead's tags, as typed in the API, a console form or a CSV cell, and as a segment or a
 * search names them: lower-case, inner spaces single, once each, at most twenty of at most forty
 * characters. Stored and compared in that one form.
 */
public final class LeadTags {

    /** A tag: a letter or digit, then letters, digits, spaces and {@code - _ & / .}; no commas (they separate). */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _&/.-]*");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG_CHARS = 40;

    private LeadTags() {}

    /** The tags lowercase, inner spaces single, once each; a problem named on {@code field}. */
    public static List<String> checked(List<String> given, String field, List<FieldError> errors) {
        if (given == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String raw : given) {
            String tag = normal(raw);
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > MAX_TAG_CHARS) {
                errors.add(new FieldError(
                        field, "'" + abbreviate(tag) + "' is longer than " + MAX_TAG_CHARS + " characters"));
                return List.of();
            }
            if (!TAG.matcher(tag).matches()) {
                errors.add(new FieldError(
                        field,
                        "'" + abbreviate(tag) + "' is not a tag: use letters, digits, "
                                + "spaces and - _ & / . (commas separate tags)"));
                return List.of();
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "at most " + MAX_TAGS + " tags, not " + tags.size()));
            return List.of();
        }
        return List.copyOf(tags);
    }

    /** A tag as it is stored and compared: lowercase, spaces inside single, none around; "" for null. */
    public static String normal(String raw) {
        return raw == null ? "" : raw.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Tags as typed in one text field or CSV cell: separated by commas or semicolons. */
    public static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.split("[,;]"));
    }

    private static String abbreviate(String value) {
        String printable = CONTROL.matcher(value).replaceAll("?");
        return printable.length() > 50 ? printable.substring(0, 50) + "…" : printable;
    }
}
