package dev.outreach.campaign;

import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.TimeSource;
import dev.outreach.lead.LeadTags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which leads a campaign aims at: any of these cities, categories and sources (case-insensitive),
 * leads with any of these tags, the leads of one CSV import file, leads created from one day up to
 * another, leads never contacted ({@code verified}) or contacted before ({@code contacted}). An empty
 * list or a missing bound means "any". Every run checks the rest as always (verified, not opted out,
 * cool-down, the gate).
 *
 * @param createdFrom the first day (business time zone) a lead was created, inclusive
 * @param createdTo the last day, inclusive
 */
public record Segment(
        List<String> cities,
        List<String> categories,
        List<String> sources,
        String importFile,
        LocalDate createdFrom,
        LocalDate createdTo,
        List<String> statuses,
        List<String> tags) {

    /** Every lead. */
    public static final Segment ANY =
            new Segment(List.of(), List.of(), List.of(), null, null, null, List.of(), List.of());

    private static final Set<String> FIELDS =
            Set.of("cities", "categories", "sources", "importFile", "createdFrom", "createdTo", "statuses", "tags");

    /** The lead statuses a campaign may take, and what each means to the operator. */
    private static final Map<String, String> STATUSES =
            Map.of("verified", "never contacted", "contacted", "contacted before");

    public Segment {
        cities = clean(cities);
        categories = clean(categories);
        sources = clean(sources);
        statuses = clean(
                statuses == null
                        ? null
                        : statuses.stream()
                                .map(v -> v == null ? null : v.strip().toLowerCase(Locale.ROOT))
                                .toList());
        tags = clean(tags == null ? null : tags.stream().map(LeadTags::normal).toList());
        importFile = importFile == null || importFile.isBlank() ? null : importFile.strip();
    }

    /** The values as given, trimmed, once each (compared without case). */
    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        java.util.Map<String, String> once = new java.util.LinkedHashMap<>();
        values.stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .forEach(v -> once.putIfAbsent(v.toLowerCase(Locale.ROOT), v));
        return List.copyOf(once.values());
    }

    public boolean any() {
        return equals(ANY);
    }

    /**
     * A segment from a request: lists as JSON arrays or comma-separated text, days as {@code 2026-11-01}.
     * Every problem is named on its field ({@code segment.cities} …); a field we do not know is named too.
     */
    public static Segment from(Map<String, ?> given) {
        if (given == null) {
            return ANY;
        }
        List<FieldError> errors = new ArrayList<>();
        given.keySet().stream()
                .filter(key -> !FIELDS.contains(key))
                .sorted()
                .forEach(key -> errors.add(new FieldError(
                        "segment." + key,
                        "is not a segment field; use cities, categories, sources, importFile, "
                                + "createdFrom, createdTo, statuses, tags")));
        LocalDate from = day(given.get("createdFrom"), "segment.createdFrom", errors);
        LocalDate to = day(given.get("createdTo"), "segment.createdTo", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new FieldError("segment.createdTo", "must not be before createdFrom (" + from + ")"));
        }
        List<String> statuses = list(given.get("statuses"), "segment.statuses", errors);
        statuses.stream()
                .filter(v -> v != null
                        && !v.isBlank()
                        && !STATUSES.containsKey(v.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .ifPresent(
                        v -> errors.add(
                                new FieldError(
                                        "segment.statuses",
                                        "'" + v.strip() + "' is not a status a "
                                                + "campaign takes: use verified (never contacted) or contacted (contacted before); leads that "
                                                + "are new, in review, rejected, replied, undeliverable or opted out are never taken")));
        Segment segment = new Segment(
                list(given.get("cities"), "segment.cities", errors),
                list(given.get("categories"), "segment.categories", errors),
                list(given.get("sources"), "segment.sources", errors),
                text(given.get("importFile")),
                from,
                to,
                statuses,
                LeadTags.checked(list(given.get("tags"), "segment.tags", errors), "segment.tags", errors));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return segment;
    }

    private static List<String> list(Object value, String field, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> values.add(item == null ? null : String.valueOf(item)));
        } else if (value instanceof JsonArray items) {
            items.forEach(item -> values.add(item == null ? null : String.valueOf(item)));
        } else {
            values.addAll(Arrays.asList(String.valueOf(value).split(",")));
        }
        for (String v : values) {
            if (v != null && v.strip().length() > 100) {
                errors.add(new FieldError(field, "each value must be at most 100 characters"));
                break;
            }
        }
        if (values.size() > 50) {
            errors.add(new FieldError(field, "at most 50 values"));
        }
        return values;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static LocalDate day(Object value, String field, List<FieldError> errors) {
        if (value == null || String.valueOf(value).isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(String.valueOf(value).strip());
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "must be a day such as 2026-11-01, not '" + value + "'"));
            return null;
        }
    }

    public JsonObject json() {
        JsonObject json = new JsonObject();
        if (!cities.isEmpty()) {
            json.put("cities", new JsonArray(cities));
        }
        if (!categories.isEmpty()) {
            json.put("categories", new JsonArray(categories));
        }
        if (!sources.isEmpty()) {
            json.put("sources", new JsonArray(sources));
        }
        if (importFile != null) {
            json.put("importFile", importFile);
        }
        if (createdFrom != null) {
            json.put("createdFrom", createdFrom.toString());
        }
        if (createdTo != null) {
            json.put("createdTo", createdTo.toString());
        }
        if (!statuses.isEmpty()) {
            json.put("statuses", new JsonArray(statuses));
        }
        if (!tags.isEmpty()) {
            json.put("tags", new JsonArray(tags));
        }
        return json;
    }

    /** The segment a run or definition stored (null: every lead). */
    public static Segment of(JsonObject json) {
        return json == null ? ANY : from(json.getMap());
    }

    /** In words, for the console and the audit log: "dentist in Pune or Mumbai · created from 2026-11-01". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        String who = (categories.isEmpty() ? "leads" : String.join(" or ", categories))
                + (cities.isEmpty() ? "" : " in " + String.join(" or ", cities));
        if (!categories.isEmpty() || !cities.isEmpty()) {
            parts.add(who);
        }
        if (!tags.isEmpty()) {
            parts.add("tagged " + String.join(" or ", tags));
        }
        if (!sources.isEmpty()) {
            parts.add("from " + String.join(" or ", sources));
        }
        if (importFile != null) {
            parts.add("imported from " + importFile);
        }
        if (createdFrom != null && createdTo != null) {
            parts.add("added " + createdFrom + " to " + createdTo);
        } else if (createdFrom != null) {
            parts.add("added from " + createdFrom);
        } else if (createdTo != null) {
            parts.add("added until " + createdTo);
        }
        if (!statuses.isEmpty()) {
            parts.add(String.join(" or ", statuses.stream().map(STATUSES::get).toList()));
        }
        return parts.isEmpty() ? "every lead" : String.join(" · ", parts);
    }

    /**
     * The values of the lead filter {@link #sql} expects as its parameters {@code $n} to {@code $n+7}:
     * lists as arrays (null for any), days as the instants the business day starts.
     */
    public Object[] parameters(ZoneId zone) {
        return new Object[] {
            array(cities),
            array(categories),
            array(sources),
            importFile,
            createdFrom == null
                    ? null
                    : TimeSource.utc(createdFrom.atStartOfDay(zone).toInstant()),
            createdTo == null
                    ? null
                    : TimeSource.utc(createdTo.plusDays(1).atStartOfDay(zone).toInstant()),
            array(statuses),
            array(tags)
        };
    }

    private static String[] array(List<String> values) {
        return values.isEmpty()
                ? null
                : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    /** The lead filter on alias {@code l}, its parameters numbered from {@code first}. */
    public static String sql(int first) {
        return """
                ($%1$d::text[] is null or lower(l.city) = any($%1$d::text[]))
                  and ($%2$d::text[] is null or lower(l.category) = any($%2$d::text[]))
                  and ($%3$d::text[] is null or lower(l.source) = any($%3$d::text[]))
                  and ($%4$d::text is null or l.raw_metadata->>'importFile' = $%4$d::text)
                  and ($%5$d::timestamptz is null or l.created_at >= $%5$d::timestamptz)
                  and ($%6$d::timestamptz is null or l.created_at < $%6$d::timestamptz)
                  and ($%7$d::text[] is null or l.status = any($%7$d::text[]))
                  and ($%8$d::text[] is null or l.tags && $%8$d::text[])""".formatted(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7);
    }
}
