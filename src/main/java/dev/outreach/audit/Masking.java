package dev.outreach.audit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must never appear in full in a log, an audit row or a page (R-11.1): secrets show at
 * most their last 4 characters (and nothing when short), phones their first 2 and last 2
 * digits, emails the first letter of the mailbox.
 */
public final class Masking {

    private static final String HIDDEN = "••••";
    private static final int SHORTEST_PARTLY_SHOWN = 12;
    /** A phone number standing on its own: not digits inside an id, a UUID or a word. */
    private static final Pattern PHONE_IN_TEXT = Pattern.compile("(?<![\\w-])\\+?\\d[\\d ().-]{7,}\\d(?![\\w-])");

    private static final Pattern SECRET_KEY =
            Pattern.compile("secret|password|passwd|token|api[_-]?key|apikey|auth|credential|signature");

    private Masking() {}

    /** {@code sk-abcdefghijklmnop} → {@code ••••mnop}; short secrets are hidden entirely. */
    public static String secret(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() < SHORTEST_PARTLY_SHOWN) {
            return HIDDEN;
        }
        return HIDDEN + value.substring(value.length() - 4);
    }

    /** {@code +919876543210} → {@code +91•••••••10}: country code stays readable, the line does not. */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder masked = new StringBuilder(value.length());
        int digits = (int) value.chars().filter(Character::isDigit).count();
        int seen = 0;
        for (char c : value.toCharArray()) {
            if (Character.isDigit(c)) {
                seen++;
                boolean shown = digits >= 8 && (seen <= 2 || seen > digits - 2);
                masked.append(shown ? c : '•');
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    /** {@code priya@example.com} → {@code p•••@example.com}. */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return HIDDEN;
        }
        return value.charAt(0) + "•••" + value.substring(at);
    }

    /** Masks phone numbers found anywhere in free text (provider error messages, transcripts). */
    public static String text(String value) {
        if (value == null || value.chars().noneMatch(Character::isDigit)) {
            return value;
        }
        Matcher matcher = PHONE_IN_TEXT.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(phone(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Masks a details map by key name: secrets, phones and emails; other text is phone-scrubbed. */
    public static Map<String, Object> details(Map<String, ?> details) {
        Map<String, Object> masked = new LinkedHashMap<>();
        details.forEach((key, value) -> masked.put(key, maskValue(key, value)));
        return masked;
    }

    @SuppressWarnings("unchecked")
    private static Object maskValue(String key, Object value) {
        if (value instanceof Map<?, ?> nested) {
            return details((Map<String, ?>) nested);
        }
        if (!(value instanceof CharSequence)) {
            return value;
        }
        String text = value.toString();
        String name = key.toLowerCase(Locale.ROOT);
        if (SECRET_KEY.matcher(name).find()) {
            return secret(text);
        }
        if (name.contains("phone") || name.equals("to") && text.startsWith("+")) {
            return phone(text);
        }
        if (name.contains("email") || name.equals("recipient") && text.contains("@")) {
            return email(text);
        }
        return text(text);
    }
}
