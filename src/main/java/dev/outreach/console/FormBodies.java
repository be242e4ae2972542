package dev.outreach.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's form posts are read here before Quarkus REST sees them (issue 28): a URL-encoded body with a
 * broken escape ({@code contact=%E0%A4%A}) made the REST layer's form parser throw on the event loop, and the
 * request was never answered. Here the body is read once (Vert.x's {@link BodyHandler}, within the configured
 * form limit), every {@code %} escape is checked and the decoded bytes must be UTF-8; a body that is not is
 * answered 400 at once, with a page saying so, and nothing changes. A good body goes on to the resource,
 * which takes the form Vert.x already parsed.
 */
@ApplicationScoped
class FormBodies {

    private final long limit;

    FormBodies(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size")
                    io.quarkus.runtime.configuration.MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(true);
        router.route("/console/*").order(-50).handler(rc -> {
            if (isUrlEncodedPost(rc) && !"0".equals(rc.request().getHeader("Content-Length"))) {
                body.handle(rc);
            } else {
                rc.next();
            }
        });
        router.route("/console/*").order(-49).handler(rc -> {
            if (isUrlEncodedPost(rc) && !"0".equals(rc.request().getHeader("Content-Length"))) {
                Buffer read = rc.body().buffer();
                // A body without a field (a declared empty one goes on unread, to be refused by the CSRF filter
                // or the role check as before) would leave the REST layer waiting for a body already read.
                if (read == null
                        || read.length() == 0
                        || rc.request().formAttributes().isEmpty()) {
                    refuse(rc, "The form arrived empty.");
                    return;
                }
                if (!wellFormed(read)) {
                    refuse(rc, "The form could not be read: it has a broken <code>%</code> escape or is not UTF-8.");
                    return;
                }
            }
            rc.next();
        });
    }

    private static void refuse(RoutingContext rc, String why) {
        rc.response()
                .setStatusCode(400)
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .end("<!doctype html><title>Form not read</title><p>" + why
                        + " Nothing was changed. Go back and send it again.</p>");
    }

    private static boolean isUrlEncodedPost(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        return rc.request().method() == HttpMethod.POST
                && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** Every {@code %} followed by two hex digits, and the decoded bytes UTF-8 (RFC 3986, WHATWG URL). */
    static boolean wellFormed(Buffer body) {
        if (body == null) {
            return true;
        }
        byte[] raw = body.getBytes();
        ByteBuffer decoded = ByteBuffer.allocate(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    return false;
                }
                int high = Character.digit(raw[i + 1], 16);
                int low = Character.digit(raw[i + 2], 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                decoded.put((byte) (high << 4 | low));
                i += 2;
            } else if (b == '&' || b == '=') {
                if (!utf8(decoded)) {
                    return false;
                }
                decoded.clear();
            } else {
                decoded.put(b == '+' ? (byte) ' ' : b);
            }
        }
        return utf8(decoded);
    }

    private static boolean utf8(ByteBuffer decoded) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(decoded.duplicate().flip());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
