package dev.outreach.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.language.Language;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks and normalises one incoming lead, the same way for every source (API, CSV, Places,
 * directories). Every problem names its field; a phone that cannot be used is dropped with a
 * warning when the lead stays contactable (SPEC §15).
 */
@ApplicationScoped
public class LeadIntake {

    /** Sources that are refused whatever the allow-list says, with the reason (R-1.1). */
    private static final Map<String, String> NEVER_ALLOWED = Map.of(
            "linkedin_profile", "personal social profiles are not a lead source",
            "facebook_profile", "personal social profiles are not a lead source",
            "instagram", "personal social profiles are not a lead source",
            "twitter", "personal social profiles are not a lead source",
            "whatsapp_group", "private groups are not a public directory");

    private static final Pattern SIMPLE_EMAIL =
            Pattern.compile("^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                    + "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final int MAX_METADATA_CHARS = 16_384;
    /**
     * Countries that keep one time zone, and the zone (IANA). Countries with several (US, CA, AU, BR,
     * RU, MX, ID …) are left out: a guess there would put calls in the wrong hours.
     */
    private static final Map<String, String> SINGLE_ZONE = Map.ofEntries(
            Map.entry("IN", "Asia/Kolkata"),
            Map.entry("GB", "Europe/London"),
            Map.entry("IE", "Europe/Dublin"),
            Map.entry("DE", "Europe/Berlin"),
            Map.entry("AT", "Europe/Vienna"),
            Map.entry("CH", "Europe/Zurich"),
            Map.entry("FR", "Europe/Paris"),
            Map.entry("NL", "Europe/Amsterdam"),
            Map.entry("BE", "Europe/Brussels"),
            Map.entry("LU", "Europe/Luxembourg"),
            Map.entry("IT", "Europe/Rome"),
            Map.entry("SE", "Europe/Stockholm"),
            Map.entry("NO", "Europe/Oslo"),
            Map.entry("DK", "Europe/Copenhagen"),
            Map.entry("FI", "Europe/Helsinki"),
            Map.entry("PL", "Europe/Warsaw"),
            Map.entry("CZ", "Europe/Prague"),
            Map.entry("SK", "Europe/Bratislava"),
            Map.entry("HU", "Europe/Budapest"),
            Map.entry("RO", "Europe/Bucharest"),
            Map.entry("BG", "Europe/Sofia"),
            Map.entry("GR", "Europe/Athens"),
            Map.entry("HR", "Europe/Zagreb"),
            Map.entry("SI", "Europe/Ljubljana"),
            Map.entry("EE", "Europe/Tallinn"),
            Map.entry("LV", "Europe/Riga"),
            Map.entry("LT", "Europe/Vilnius"),
            Map.entry("MT", "Europe/Malta"),
            Map.entry("CY", "Asia/Nicosia"),
            Map.entry("IS", "Atlantic/Reykjavik"),
            Map.entry("AE", "Asia/Dubai"),
            Map.entry("SA", "Asia/Riyadh"),
            Map.entry("QA", "Asia/Qatar"),
            Map.entry("SG", "Asia/Singapore"),
            Map.entry("MY", "Asia/Kuala_Lumpur"),
            Map.entry("NP", "Asia/Kathmandu"),
            Map.entry("LK", "Asia/Colombo"),
            Map.entry("BD", "Asia/Dhaka"),
            Map.entry("PK", "Asia/Karachi"),
            Map.entry("JP", "Asia/Tokyo"),
            Map.entry("KR", "Asia/Seoul"),
            Map.entry("HK", "Asia/Hong_Kong"),
            Map.entry("ZA", "Africa/Johannesburg"),
            Map.entry("KE", "Africa/Nairobi"),
            Map.entry("NG", "Africa/Lagos"),
            Map.entry("IL", "Asia/Jerusalem"));

    private final OutreachConfig config;
    private final ObjectMapper json;

    LeadIntake(OutreachConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** The accepted lead and any warnings, or {@link InvalidInputException} naming every bad field. */
    public Accepted check(LeadInput input) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> warnings = new ArrayList<>();

        String source = blankToNull(input.source()) == null
                ? "api"
                : input.source().trim().toLowerCase(Locale.ROOT);
        checkSource(source, errors);

        String name = text("businessName", input.businessName(), 200, errors);
        if (name == null && errors.stream().noneMatch(e -> e.field().equals("businessName"))) {
            errors.add(new FieldError("businessName", "is required"));
        } else if (name != null && LeadNormalizer.nameKey(name).isEmpty()) {
            // Only punctuation or symbols: nothing to de-duplicate on (and the database refuses it).
            errors.add(new FieldError("businessName", "must contain a letter or a digit"));
        }
        String city = text("city", input.city(), 100, errors);
        String category = text("category", input.category(), 100, errors);

        String country = blankToNull(input.country());
        if (country != null) {
            country = country.trim().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                errors.add(new FieldError("country", "must be an ISO 3166 alpha-2 code such as IN"));
                country = null;
            }
        }

        String timezone = blankToNull(input.timezone());
        if (timezone != null) {
            try {
                timezone = ZoneId.of(timezone.trim()).getId();
            } catch (DateTimeException e) {
                errors.add(new FieldError("timezone", "is not an IANA time zone such as Asia/Kolkata"));
                timezone = null;
            }
        }

        String website = text("website", input.website(), 2048, errors);
        String host = null;
        if (website != null) {
            host = Contacts.websiteHost(website).orElse(null);
            if (host == null) {
                errors.add(new FieldError("website", "is not a web address such as https://example.com"));
            }
        }

        String email = Contacts.email(text("email", input.email(), 254, errors));
        if (email != null && !SIMPLE_EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("email", "is not a valid email address"));
            email = null;
        }

        String phone = null;
        String rawPhone = text("phone", input.phone(), 40, errors);
        if (rawPhone != null) {
            phone = Contacts.phoneE164(rawPhone, country != null ? country : config.defaultRegion())
                    .orElse(null);
            if (phone == null) {
                warnings.add(new FieldError(
                        "phone",
                        "is not a valid phone number for " + (country != null ? country : config.defaultRegion())
                                + " and was dropped"));
            }
        }
        if (country == null && phone != null) {
            country = Contacts.countryOf(phone).orElse(null);
        }

        if (timezone == null && country != null) {
            // The calling window is local time: a country with one time zone names it.
            timezone = SINGLE_ZONE.get(country);
        }

        if (email == null
                && phone == null
                && website == null
                && errors.stream().noneMatch(e -> Set.of("email", "website").contains(e.field()))) {
            errors.add(
                    warnings.isEmpty()
                            ? new FieldError("email", "one of email, phone or website is required")
                            : new FieldError(
                                    "phone",
                                    warnings.get(0).message().replace(" and was dropped", "")
                                            + "; with no email or website the lead cannot be contacted"));
        }

        Map<String, Object> metadata = input.rawMetadata() == null ? Map.of() : input.rawMetadata();
        checkMetadataSize(metadata, errors);
        List<String> tags = LeadTags.checked(input.tags(), "tags", errors);
        String language = language(input.language(), "language", errors);

        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Accepted(
                new NormalizedLead(
                        source,
                        name,
                        LeadNormalizer.nameKey(name),
                        city,
                        category,
                        website,
                        host,
                        email,
                        phone,
                        country,
                        timezone,
                        metadata,
                        tags,
                        language),
                List.copyOf(warnings));
    }

    /** A lead ready to store, with what was changed on the way in. */
    public record Accepted(NormalizedLead lead, List<FieldError> warnings) {}

    private void checkSource(String source, List<FieldError> errors) {
        String refusal = NEVER_ALLOWED.get(source);
        if (refusal != null) {
            errors.add(new FieldError("source", "'" + source + "' is refused: " + refusal));
        } else if (!config.sources().allowed().contains(source)) {
            errors.add(new FieldError(
                    "source",
                    "'" + source + "' is not an approved public source; approved: "
                            + String.join(", ", config.sources().allowed())));
        }
    }

    /** An address the intake would accept ({@code name@domain.tld}), already lower-cased and trimmed. */
    public static boolean isEmail(String email) {
        return email != null && SIMPLE_EMAIL.matcher(email).matches();
    }

    /**
     * The tag of the language a person typed ("Hindi", "hi", "HI-latn"), null when left empty; a language
     * the product does not speak is a problem named on {@code field}.
     */
    public static String language(String given, String field, List<FieldError> errors) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Optional<Language> language = Language.parse(given);
        if (language.isEmpty()) {
            errors.add(new FieldError(
                    field, "'" + given.strip() + "' is not a language Outreach writes in: " + Language.EXPECTED));
            return null;
        }
        return language.get().tag();
    }

    private void checkMetadataSize(Map<String, Object> metadata, List<FieldError> errors) {
        try {
            if (json.writeValueAsString(metadata).length() > MAX_METADATA_CHARS) {
                errors.add(new FieldError("rawMetadata", "is larger than " + MAX_METADATA_CHARS + " characters"));
            }
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("rawMetadata", "is not serialisable JSON"));
        }
    }

    private static String text(String field, String value, int max, List<FieldError> errors) {
        String trimmed = blankToNull(value);
        if (trimmed == null) {
            return null;
        }
        trimmed = trimmed.trim();
        if (trimmed.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
            return null;
        }
        if (CONTROL.matcher(trimmed).find()) {
            errors.add(new FieldError(field, "contains control characters (line breaks, tabs or similar)"));
            return null;
        }
        return trimmed;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
