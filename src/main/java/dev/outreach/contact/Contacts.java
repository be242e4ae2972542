package dev.outreach.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The canonical forms of contact details (R-1.3, SPEC §15): E.164 phones, lower-cased emails and
 * their domains, website hosts. Pure functions, used by every feature that compares contacts.
 */
public final class Contacts {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private Contacts() {}

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
