package dev.outreach.lead;

import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Where one contact value of a lead was found: the source, the listing id, page or file row,
 * when, and who brought it in. Kept on the lead as {@code provenance.email} and {@code provenance.phone};
 * the first email says it in words, as GDPR Art 14 asks.
 *
 * @param source {@code google_places}, {@code directory}, {@code website}, {@code csv} or {@code api}
 * @param ref    the Places listing id, the page URL, {@code file.csv row 12}, or the API caller's {@code sourceUrl}
 * @param by     who brought it in: the uploader or the API caller; null for a search
 */
public record Provenance(String source, String ref, Instant at, String by) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("source", source).put("at", at.toString());
        if (ref != null) {
            json.put("ref", ref);
        }
        if (by != null) {
            json.put("by", by);
        }
        return json;
    }

    public static Provenance fromJson(JsonObject json) {
        if (json == null || json.getString("source") == null) {
            return null;
        }
        String at = json.getString("at");
        return new Provenance(
                json.getString("source"),
                json.getString("ref"),
                at == null ? null : Instant.parse(at),
                json.getString("by"));
    }

    /** Where it was found, for the recipient, in English: "your Google Maps business listing", "the page https://…". */
    public String words() {
        return words(Language.ENGLISH);
    }

    /**
     * Where it was found, for the recipient, in {@code language}: the fixed words of that
     * language ({@code found.*}), with the page, site or file as it is.
     */
    public String words(Language language) {
        return switch (source) {
            case "google_places" -> FixedWords.of(language, "found.maps");
            case "directory" ->
                ref == null
                        ? FixedWords.of(language, "found.directory")
                        : FixedWords.of(language, "found.directoryPage", "ref", ref);
            case "website" ->
                ref == null
                        ? FixedWords.of(language, "found.website")
                        : FixedWords.of(language, "found.websiteAt", "host", host(ref));
            case "csv" ->
                ref == null
                        ? FixedWords.of(language, "found.listImported")
                        : FixedWords.of(language, "found.listNamed", "file", ref.replaceAll(" row \\d+$", ""));
            case "crm" -> FixedWords.of(language, "found.crm");
            default ->
                ref == null ? FixedWords.of(language, "found.list") : FixedWords.of(language, "found.page", "ref", ref);
        };
    }

    /** Where it was found, for the operator: the source, the listing, page or file row, and who brought it in. */
    public String forOperator() {
        String where = switch (source) {
            case "google_places" -> "Google Maps listing";
            case "directory" -> "directory page";
            case "website" -> "the business's website";
            case "csv" -> "CSV import";
            case "crm" -> "CRM contact";
            default -> source + " (API)";
        };
        return where
                + (ref == null ? "" : " " + ref)
                + (by == null ? "" : ", brought in by " + by)
                + (at == null ? "" : ", " + at.toString().substring(0, 10));
    }

    /** Whether the value was published by the business itself, where anyone can see it (CASL's conspicuous publication). */
    public boolean published() {
        return switch (source) {
            case "google_places", "directory", "website" -> true;
            default -> ref != null && (ref.startsWith("https://") || ref.startsWith("http://"));
        };
    }

    /**
     * What the gate's jurisdiction rule reads: where a published value was found, in words and
     * with its source ("your website (acme.in) (website https://…)"), or null when it was not published.
     */
    public static String forGate(Provenance found) {
        return found == null || !found.published()
                ? null
                : found.words() + " (" + found.source() + (found.ref() == null ? "" : " " + found.ref()) + ")";
    }

    /** The provenance of one value from a lead's {@code provenance} column, e.g. {@code email}. */
    public static Provenance of(JsonObject provenance, String value) {
        return provenance == null ? null : fromJson(provenance.getJsonObject(value));
    }

    /** Where a value came from, read from how the source handed the lead over. */
    public static Provenance from(String source, Map<String, Object> metadata, Instant at, String by) {
        Map<String, Object> meta = metadata == null ? Map.of() : metadata;
        return switch (source == null ? "api" : source) {
            case "google_places" -> new Provenance("google_places", string(meta.get("placeId")), at, null);
            case "directory" -> new Provenance("directory", string(meta.get("directoryPage")), at, null);
            case "csv" ->
                new Provenance(
                        "csv",
                        meta.get("importFile") == null
                                ? null
                                : meta.get("importFile") + " row " + meta.get("importRow"),
                        at,
                        by);
            case "crm" ->
                new Provenance(
                        "crm",
                        meta.get("crmRecord") == null ? null : meta.get("crm") + " record " + meta.get("crmRecord"),
                        at,
                        by);
            default -> new Provenance(source == null ? "api" : source, string(meta.get("sourceUrl")), at, by);
        };
    }

    /** The provenance column of a new lead: where its email and its phone were found. */
    static JsonObject forLead(NormalizedLead lead, String by, Instant at) {
        JsonObject json = new JsonObject();
        Map<String, Object> meta = lead.rawMetadata() == null ? Map.of() : lead.rawMetadata();
        if (lead.email() != null) {
            Object page = meta.get("emailPage");
            json.put(
                    "email",
                    (page != null
                                    ? new Provenance("website", page.toString(), at, null)
                                    : from(lead.source(), meta, at, by))
                            .toJson());
        }
        if (lead.phone() != null) {
            json.put("phone", from(lead.source(), meta, at, by).toJson());
        }
        return json;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
