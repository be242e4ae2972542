package dev.outreach.webhook;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Plumbing shared by the providers' webhook routes: a bounded body handler that keeps the raw body,
 * form parameters as a map, and plain answers. The routes are Vert.x routes, not REST resources,
 * because providers post forms without cookies, which the REST CSRF filter would refuse
 * (quarkusio/quarkus#53715), and because signatures are checked over the raw request first.
 */
public final class WebhookSupport {

    public static final long MAX_BODY_BYTES = 2 * 1024 * 1024;

    private WebhookSupport() {}

    public static BodyHandler body() {
        return BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setMergeFormAttributes(false);
    }

    /** Single-valued form parameters, as providers send them and signature validators expect them. */
    public static Map<String, String> form(RoutingContext rc) {
        MultiMap attributes = rc.request().formAttributes();
        Map<String, String> form = new HashMap<>();
        attributes.forEach(entry -> form.putIfAbsent(entry.getKey(), entry.getValue()));
        return form;
    }

    /** The path and query as the client asked for them, to rebuild the URL a provider signed. */
    public static String pathAndQuery(RoutingContext rc) {
        return rc.request().uri();
    }

    public static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static void respond(RoutingContext rc, int status, String contentType, String body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    public static void text(RoutingContext rc, int status, String message) {
        respond(rc, status, "text/plain; charset=UTF-8", message);
    }
}
