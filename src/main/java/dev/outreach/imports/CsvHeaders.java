package dev.outreach.imports;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV header's vocabulary (R-1.2, SPEC §15): which lead field each column name fills, matched loosely
 * (case, spaces and punctuation ignored), and the names as the import's errors show them.
 */
final class CsvHeaders {

    /**
     * Column names after {@link #key}, and the field each one fills: SPEC §15's names, R-1.2's
     * ({@code primary_email}, {@code primary_phone}) and the headers spreadsheet and CRM exports use.
     */
    private static final Map<String, String> COLUMNS = columns(Map.ofEntries(
            Map.entry(
                    "businessName",
                    List.of(
                            "businessname",
                            "business",
                            "name",
                            "company",
                            "companyname",
                            "organisation",
                            "organization",
                            "organisationname",
                            "organizationname",
                            "shopname",
                            "firmname",
                            "accountname")),
            Map.entry("city", List.of("city", "town", "locality", "district")),
            Map.entry(
                    "category",
                    List.of("category", "industry", "businesscategory", "businesstype", "sector", "primarycategory")),
            Map.entry("website", List.of("website", "url", "websiteurl", "web", "site", "homepage", "domain")),
            Map.entry(
                    "email",
                    List.of(
                            "email",
                            "emailaddress",
                            "primaryemail",
                            "mail",
                            "emailid",
                            "businessemail",
                            "workemail",
                            "contactemail")),
            Map.entry(
                    "phone",
                    List.of(
                            "phone",
                            "phonenumber",
                            "primaryphone",
                            "mobile",
                            "mobilenumber",
                            "mobileno",
                            "telephone",
                            "tel",
                            "contactnumber",
                            "phoneno",
                            "businessphone",
                            "cell",
                            "whatsapp",
                            "whatsappnumber")),
            Map.entry("country", List.of("country", "countrycode")),
            Map.entry("timezone", List.of("timezone", "tz")),
            Map.entry("source", List.of("source")),
            Map.entry("tags", List.of("tags", "tag", "labels", "label")),
            Map.entry("language", List.of("language", "lang", "languagecode", "locale", "preferredlanguage"))));

    private CsvHeaders() {}

    /** The lead field a header names, or null when it names none. */
    static String field(String header) {
        return COLUMNS.get(key(header));
    }

    /**
     * The header's names as an error shows them: at most ten, each at most 40 characters. A header line of
     * 10 MB once came back whole in the error.
     */
    static String found(List<String> names) {
        List<String> shown = names.stream()
                .limit(MAX_NAMES_SHOWN)
                .map(name -> capped(name, 40))
                .toList();
        return String.join(", ", shown)
                + (names.size() > MAX_NAMES_SHOWN ? " and " + (names.size() - MAX_NAMES_SHOWN) + " more" : "");
    }

    static final int MAX_NAMES_SHOWN = 10;

    static String capped(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static Map<String, String> columns(Map<String, List<String>> namesByField) {
        Map<String, String> columns = new HashMap<>();
        namesByField.forEach((field, names) -> names.forEach(name -> columns.put(name, field)));
        return Map.copyOf(columns);
    }

    /** The first names accepted for a field, as a reader would write them. */
    static String accepted(String field) {
        return switch (field) {
            case "businessName" -> "business_name, Company Name, Company, Organisation, Name";
            case "city" -> "city, Town";
            case "email" -> "email, Email Address, E-mail, primary_email";
            case "phone" -> "phone, Phone Number, Mobile, Mobile Number, primary_phone";
            case "website" -> "website, Website URL, URL";
            case "category" -> "category, Industry, Business Category";
            default -> column(field);
        };
    }

    /** The CSV column a lead field comes from, as the documentation names it: businessName → business_name. */
    public static String column(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** "Business Name", "business_name", "businessName" → "businessname". */
    static String key(String header) {
        return header == null ? "" : header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
