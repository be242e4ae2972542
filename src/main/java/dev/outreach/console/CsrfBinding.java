package dev.outreach.console;

import dev.outreach.config.OutreachConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Binds the console's CSRF cookie to this server (issue 28). quarkus-rest-csrf's double submit compares the
 * form's token with the cookie's, so whoever can plant a cookie (a sibling subdomain, a man in the middle on
 * plain HTTP) can plant a matching pair. Beside the token cookie this sets a second one, {@code <name>-sig}:
 * the token's HMAC-SHA256 under {@code OUTREACH_CSRF_SIGNING_KEY}. A console form posted with a token cookie
 * whose signature is missing or wrong is refused (400) before Quarkus REST; a page asked for with one is
 * sent back to itself with both cookies cleared, so that it gets a fresh, signed token. The token itself
 * stays what quarkus-rest-csrf made: stable across pages, tabs, downloads and event streams (its own signed
 * mode makes a new one on every GET, which made the open forms fail).
 */
@ApplicationScoped
class CsrfBinding {

    private static final String FRESH = "fresh-csrf";

    private final Optional<String> key;
    private final String cookie;
    private final String signature;

    CsrfBinding(OutreachConfig config, @ConfigProperty(name = "quarkus.rest-csrf.cookie-name") String cookie) {
        this.key = config.csrfSigningKey().filter(k -> !k.isBlank());
        this.cookie = cookie;
        this.signature = cookie + "-sig";
    }

    void routes(@Observes Router router) {
        if (key.isEmpty()) {
            return;
        }
        router.route("/console*").order(-60).handler(this::bind);
    }

    private void bind(RoutingContext rc) {
        String token = cookieValue(rc, cookie);
        boolean unsafe = rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD;
        if (token != null && !signed(token, cookieValue(rc, signature))) {
            if (unsafe) {
                rc.response()
                        .setStatusCode(400)
                        .putHeader("Content-Type", "text/html; charset=UTF-8")
                        .putHeader("Cache-Control", "no-store")
                        .end("<!doctype html><title>Form not accepted</title><p>This form's security token was not "
                                + "issued by this server. Nothing was changed. Open the page again and send it from "
                                + "there.</p>");
                return;
            }
            if (rc.request().query() != null && rc.request().query().contains(FRESH)) {
                rc.response()
                        .setStatusCode(400)
                        .putHeader("Content-Type", "text/html; charset=UTF-8")
                        .end("<!doctype html><title>Cookie not ours</title><p>Your browser keeps a security cookie "
                                + "this server did not issue and cannot clear. Clear this site's cookies and sign in "
                                + "again.</p>");
                return;
            }
            String path = rc.request().uri();
            rc.response().headers().add("Set-Cookie", expired(cookie)).add("Set-Cookie", expired(signature));
            rc.response()
                    .setStatusCode(303)
                    .putHeader("Location", path + (path.contains("?") ? "&" : "?") + FRESH + "=1")
                    .putHeader("Cache-Control", "no-store")
                    .end();
            return;
        }
        // quarkus-rest-csrf leaves the token it used or made in the routing context ("csrf_token"): its cookie is
        // written after this runs, so the signature beside it is made from the token, not read from a header.
        rc.addHeadersEndHandler(x -> {
            Object used = rc.get("csrf_token");
            if (used instanceof String value
                    && !value.isEmpty()
                    && (!value.equals(token) || !signed(value, cookieValue(rc, signature)))) {
                String secure = "https".equalsIgnoreCase(rc.request().scheme()) || cookie.startsWith("__Host-")
                        ? "; Secure"
                        : "";
                rc.response()
                        .headers()
                        .add(
                                "Set-Cookie",
                                signature + "=" + sign((String) used) + "; Path=/; HttpOnly; SameSite=Strict" + secure);
            }
        });
        rc.next();
    }

    private static String expired(String name) {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    private boolean signed(String token, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        sign(token).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cookie from the request's header, read without parsing the request's cookies before Quarkus does. */
    private static String cookieValue(RoutingContext rc, String name) {
        for (String header : rc.request().headers().getAll("Cookie")) {
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.startsWith(name + "=")) {
                    return trimmed.substring(name.length() + 1);
                }
            }
        }
        return null;
    }
}
