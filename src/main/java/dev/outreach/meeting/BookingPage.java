package dev.outreach.meeting;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a tracked link sends the lead: the sender's booking page with the lead's name and
 * email filled in and our token carried along, in the parameters each provider documents, so that
 * the booking comes back matched by the token rather than guessed from an email address. Cal.com
 * prefills {@code name} and {@code email} and keeps {@code metadata[key]} on the booking; Calendly
 * prefills {@code name} and {@code email} and keeps {@code utm_content} in the invitee's tracking.
 */
public final class BookingPage {

    private BookingPage() {}

    /** Which scheduler a booking page belongs to, by its host. */
    public enum Scheduler {
        CALCOM,
        CALENDLY,
        OTHER;

        public static Scheduler of(URI page) {
            String host = page.getHost() == null ? "" : page.getHost().toLowerCase(Locale.ROOT);
            if (host.equals("cal.com") || host.endsWith(".cal.com")) {
                return CALCOM;
            }
            if (host.equals("calendly.com") || host.endsWith(".calendly.com")) {
                return CALENDLY;
            }
            return OTHER;
        }
    }

    /** The booking page for this lead, with what the scheduler can be told. */
    public static String url(URI page, String name, String email, String token) {
        Map<String, String> query = new LinkedHashMap<>();
        Scheduler scheduler = Scheduler.of(page);
        if (scheduler != Scheduler.OTHER) {
            put(query, "name", name);
            put(query, "email", email);
        }
        query.put(
                switch (scheduler) {
                    case CALCOM -> "metadata[outreach]";
                    case CALENDLY -> "utm_content";
                    case OTHER -> "outreach";
                },
                token);
        StringBuilder url = new StringBuilder(withoutFragment(page));
        char separator = page.getRawQuery() == null || page.getRawQuery().isEmpty() ? '?' : '&';
        if (url.charAt(url.length() - 1) == '?') {
            separator = 0;
        }
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (separator != 0) {
                url.append(separator);
            }
            url.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static void put(Map<String, String> query, String key, String value) {
        if (value != null && !value.isBlank()) {
            query.put(key, value.strip());
        }
    }

    private static String withoutFragment(URI page) {
        String text = page.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
