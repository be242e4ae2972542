package dev.outreach.console;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of the lead-search page's forms ({@link SourcesPage}) as it was typed, kept when it is refused: which form ({@code places},
 * {@code weekly}, {@code directory}), its values by field, and what is wrong with them.
 */
public record SearchForm(String form, Map<String, String> values, String problem) {

    static final SearchForm NONE = new SearchForm("", Map.of(), null);

    /** The field's typed value on this form, or the form's default. */
    public String value(String formAndField, String otherwise) {
        int dot = formAndField.indexOf('.');
        if (dot < 0 || !formAndField.substring(0, dot).equals(form)) {
            return otherwise;
        }
        String typed = values.get(formAndField.substring(dot + 1));
        return typed == null ? otherwise : typed;
    }

    /** The weekdays a weekly search may run on, Monday first. */
    public List<DayOfWeek> weekdays() {
        return List.of(DayOfWeek.values());
    }

    /** A weekday as the form posts it ({@code monday}). */
    public String key(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }

    /** A weekday as the owner reads it ({@code Monday}). */
    public String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** The problem, when it is this form's. */
    public String problemOf(String which) {
        return which.equals(form) ? problem : null;
    }

    /** The typed values, blanks for nulls. */
    static Map<String, String> of(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return values;
    }
}
