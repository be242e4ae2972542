package dev.outreach.lead;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The de-duplication key and the canonical forms of contact details (R-1.3, R-1.4, SPEC §15).
 * Pure functions: the same input gives the same key whatever the order or source of imports.
 */
public final class LeadNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Legal-form suffixes dropped from the end of a name, longest first. */
    private static final List<String> LEGAL_SUFFIXES = List.of(
            "private limited", "pvt ltd", "pvt limited", "private ltd", "limited", "pvt", "llp", "inc",
            "ltd", "llc");

    private LeadNormalizer() {
    }

    /**
     * "The Acme Pvt. Ltd." → "the acme"; "ACME  LLP" → "acme". Case, accents, punctuation, repeated
     * spaces and trailing legal suffixes do not distinguish businesses.
     */
    public static String nameKey(String businessName) {
        if (businessName == null) {
            return "";
        }
        String folded = Normalizer.normalize(businessName, Normalizer.Form.NFKD);
        folded = MARKS.matcher(folded).replaceAll("");
        folded = NOT_LETTER_OR_DIGIT.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
        String key = folded;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : LEGAL_SUFFIXES) {
                if (key.endsWith(" " + suffix)) {
                    key = key.substring(0, key.length() - suffix.length() - 1).trim();
                    stripped = true;
                    break;
                }
            }
        }
        return key.isEmpty() ? folded : key;
    }

    /**
     * "HTTPS://www.Example.com/contact/" → "example.com". Empty when the value is not a web address.
     */
    public static Optional<String> websiteHost(String website) {
        if (website == null || website.isBlank()) {
            return Optional.empty();
        }
        String value = website.trim();
        if (!value.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            value = "http://" + value;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!scheme.equals("http") && !scheme.equals("https") || host == null) {
                return Optional.empty();
            }
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.startsWith("www.")) {
                host = host.substring(4);
            }
            return host.contains(".") ? Optional.of(host) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A parseable, valid number in E.164, read in the lead's country or else the default region. */
    public static Optional<String> phoneE164(String phone, String region) {
        return parsePhone(phone, region).map(n -> PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    public static Optional<PhoneNumber> parsePhone(String phone, String region) {
        if (phone == null || phone.isBlank()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(phone.trim(), region);
            return PHONES.isValidNumber(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The ISO country of a valid number, e.g. "IN" for +91…. */
    public static Optional<String> countryOf(String e164) {
        return parsePhone(e164, null).map(PHONES::getRegionCodeForNumber).filter(r -> !"ZZ".equals(r));
    }

    /** Emails compare case-insensitively in practice; stored lower-cased and trimmed. */
    public static String email(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** The part after the last {@code @}, lower-cased. */
    public static String emailDomain(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
