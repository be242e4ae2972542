package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A lead as the API shows it (SPEC §15 field names), with its engagement score, the score's parts and
 * what to do next. {@code version} goes back with an edit, so that
 * an edit made on a stale copy is refused instead of undoing someone else's.
 */
public record LeadView(
        Long id,
        String source,
        String businessName,
        String city,
        String category,
        String website,
        String email,
        String phone,
        String country,
        String timezone,
        LeadStatus status,
        String statusReason,
        OffsetDateTime createdAt,
        int version,
        Map<String, Object> provenance,
        List<String> tags,
        int score,
        Map<String, Object> scoreParts,
        String nextAction,
        String language) {

    public static LeadView of(Lead lead) {
        return new LeadView(
                lead.id,
                lead.source,
                lead.businessName,
                lead.city,
                lead.category,
                lead.website,
                lead.email,
                lead.phone,
                lead.country,
                lead.timezone,
                lead.status,
                lead.statusReason,
                lead.createdAt,
                lead.version,
                lead.provenance == null ? Map.of() : lead.provenance,
                lead.tags == null ? List.of() : List.of(lead.tags),
                lead.score,
                lead.scoreParts == null ? Map.of() : lead.scoreParts,
                lead.nextAction,
                lead.language);
    }

    /** The lead's language as the owner reads it: "Hindi", or "English (the business default)". */
    @JsonIgnore
    public String languageInWords(String businessDefault) {
        if (language == null) {
            return dev.outreach.language.Language.ofTag(businessDefault).englishName() + " (the business default)";
        }
        dev.outreach.language.Language known = dev.outreach.language.Language.ofTag(language);
        return known.isEnglish() ? known.englishName() : known.englishName() + " · " + known.nativeName();
    }

    /** The score's parts in words, as they add up: {@code reply 40 + booking clicks 10 + recency 10}. */
    @JsonIgnore
    public String scoreInWords() {
        List<String> said = new java.util.ArrayList<>();
        scoreParts.forEach((part, points) -> {
            if (points instanceof Number n && n.intValue() > 0) {
                said.add(part.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + " " + n);
            }
        });
        return said.isEmpty() ? "nothing yet" : String.join(" + ", said);
    }

    /** Where the email was found, in words, or null when not recorded. */
    @JsonIgnore
    public String emailFoundAt() {
        return foundAt("email");
    }

    /** Where the phone was found, in words, or null when not recorded. */
    @JsonIgnore
    public String phoneFoundAt() {
        return foundAt("phone");
    }

    private String foundAt(String value) {
        Provenance p = Provenance.of(new JsonObject(provenance), value);
        return p == null ? null : p.forOperator();
    }
}
