package dev.outreach.console;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A one-shot message carried across a redirect in a short-lived cookie, shown by the next page and
 * then cleared. Rendered escaped like any other text.
 */
final class Flash {

    static final String COOKIE = "console_flash";

    private Flash() {}

    /** 303 to {@code location}, carrying {@code message}. */
    static Response redirect(String location, String message) {
        String value = encoded(message);
        return Response.seeOther(URI.create(location))
                .cookie(new NewCookie.Builder(COOKIE)
                        .value(value)
                        .path("/console")
                        .maxAge(60)
                        .httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT)
                        .build())
                .build();
    }

    /** The cookie's value for {@code message}: a page rendered at once shows it as the next page would. */
    static String encoded(String message) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    static String read(String cookie) {
        if (cookie == null || cookie.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static NewCookie clear() {
        return new NewCookie.Builder(COOKIE)
                .value("")
                .path("/console")
                .maxAge(0)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
