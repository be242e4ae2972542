package dev.outreach.console;

import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every problem of a refused form at once, each naming its field as the page labels it (issue 30):
 * {@code "Kind of consent: choose one; When it was given: is required"}, never {@code capturedAt}. The API
 * keeps its field names; a field without a label here is said in words ({@code startUrl} → "start url").
 */
final class Problems {

    /** The console's labels for the fields its forms post (and the API names in its errors). */
    static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("businessName", "Business name"),
            Map.entry("email", "Email"),
            Map.entry("phone", "Phone"),
            Map.entry("website", "Website"),
            Map.entry("city", "City"),
            Map.entry("category", "Category"),
            Map.entry("country", "Country"),
            Map.entry("timezone", "Time zone"),
            Map.entry("tags", "Tags"),
            Map.entry("contact", "Email or phone"),
            Map.entry("basis", "Kind of consent"),
            Map.entry("capturedAt", "When it was given"),
            Map.entry("evidence", "Evidence"),
            Map.entry("reason", "Reason"),
            Map.entry("subject", "Subject"),
            Map.entry("body", "Body"),
            Map.entry("name", "Name"),
            Map.entry("channel", "Channel"),
            Map.entry("channels", "Channels"),
            Map.entry("file", "File"),
            Map.entry("startUrl", "First listing page"),
            Map.entry("limit", "At most"),
            Map.entry("schedule", "Runs by itself"),
            Map.entry("sequence", "Sequence"),
            Map.entry("at", "At"),
            Map.entry("weekday", "Every"),
            Map.entry("role", "Role"),
            Map.entry("source", "Which list"),
            Map.entry("q", "Search"),
            Map.entry("segment.statuses", "Contacted before?"),
            Map.entry("segment.createdTo", "Added until"),
            Map.entry("segment.createdFrom", "Added from"),
            Map.entry("variant", "Variant"),
            Map.entry("from", "From"),
            Map.entry("to", "To"));

    private Problems() {}

    /** Every problem, in the page's words, joined by "; ". */
    static String of(InvalidInputException e) {
        if (e.errors().isEmpty()) {
            return e.getMessage();
        }
        return e.errors().stream().map(Problems::one).distinct().collect(Collectors.joining("; "));
    }

    /** One problem: its field's label, then what is wrong ("Email: is not a valid email address"). */
    static String one(FieldError error) {
        return label(error.field()) + ": " + error.message();
    }

    static String label(String field) {
        if (field == null || field.isBlank()) {
            return "The form";
        }
        String known = LABELS.get(field);
        if (known != null) {
            return known;
        }
        String words = spaced(field);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** A key in lower-case words: {@code cancelledMessages}, {@code lead_status}, {@code segment.to} → spaced. */
    static String spaced(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replace('_', ' ')
                .replace('.', ' ')
                .strip()
                .toLowerCase(Locale.ROOT);
    }
}
