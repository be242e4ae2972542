package dev.outreach.console;

import dev.outreach.common.FieldError;
import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadTags;
import dev.outreach.lead.LeadView;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** What the add and edit form shows: the values as typed, and what is wrong with them, by field. */
public record LeadForm(
        Long id,
        Integer version,
        String businessName,
        String city,
        String category,
        String website,
        String email,
        String phone,
        String country,
        String timezone,
        String tags,
        String language,
        Map<String, String> errors) {

    /** The form as posted: the add and the edit page send the same fields. */
    public static class Posted {
        @RestForm
        public String businessName;

        @RestForm
        public String city;

        @RestForm
        public String category;

        @RestForm
        public String website;

        @RestForm
        public String email;

        @RestForm
        public String phone;

        @RestForm
        public String country;

        @RestForm
        public String timezone;

        @RestForm
        public String tags;

        @RestForm
        public String language;

        /** The form as it was typed, for a new lead ({@code id} null) or one at {@code version}. */
        LeadForm form(Long id, Integer version) {
            return new LeadForm(
                    id,
                    version,
                    businessName,
                    city,
                    category,
                    website,
                    email,
                    phone,
                    country,
                    timezone,
                    tags,
                    language,
                    Map.of());
        }
    }

    /** One input of the form. */
    public record Field(String name, String label, String value, String hint) {}

    public List<Field> fields() {
        return List.of(
                new Field("businessName", "Business name", businessName, "Sharma Dental Clinic"),
                new Field("email", "Email", email, "info@example.com"),
                new Field("phone", "Phone", phone, "+91 98765 43210"),
                new Field("website", "Website", website, "https://example.com"),
                new Field("city", "City", city, "Pune"),
                new Field("category", "Category", category, "dentist"),
                new Field("country", "Country (two letters)", country, "IN"),
                new Field("timezone", "Time zone", timezone, "Asia/Kolkata (from the country when left empty)"),
                new Field("tags", "Tags (comma-separated)", tags, "warm, expo 2026"),
                new Field(
                        "language",
                        "Language",
                        language,
                        "Hindi, Tamil, Hinglish… (the business default when left empty)"));
    }

    /** The languages the form offers (any tag or name of them is accepted too). */
    public List<dev.outreach.language.Language> languages() {
        return List.of(dev.outreach.language.Language.values());
    }

    static LeadForm empty() {
        return new LeadForm(null, null, "", "", "", "", "", "", "", "", "", "", Map.of());
    }

    static LeadForm of(LeadView lead) {
        return new LeadForm(
                lead.id(),
                lead.version(),
                lead.businessName(),
                orEmpty(lead.city()),
                orEmpty(lead.category()),
                orEmpty(lead.website()),
                orEmpty(lead.email()),
                orEmpty(lead.phone()),
                orEmpty(lead.country()),
                orEmpty(lead.timezone()),
                String.join(", ", lead.tags()),
                lead.language() == null
                        ? ""
                        : dev.outreach.language.Language.ofTag(lead.language()).englishName(),
                Map.of());
    }

    LeadForm withErrors(List<FieldError> problems) {
        Map<String, String> byField = new java.util.LinkedHashMap<>();
        problems.forEach(p -> byField.merge(p.field(), p.message(), (a, b) -> a + "; " + b));
        return new LeadForm(
                id,
                version,
                businessName,
                city,
                category,
                website,
                email,
                phone,
                country,
                timezone,
                tags,
                language,
                byField);
    }

    LeadInput input(String source) {
        return new LeadInput(
                source,
                businessName,
                city,
                category,
                website,
                email,
                phone,
                country,
                timezone,
                Map.of(),
                LeadTags.split(tags),
                language);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
