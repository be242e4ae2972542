package dev.outreach.optout;

import dev.outreach.audit.Masking;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.ContactType;
import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import dev.outreach.security.FailedCredentials;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code /u/{token}}. GET shows a confirmation page and changes nothing, because mail
 * scanners follow links. POST opts out at once: the one-click request of RFC 8058
 * ({@code List-Unsubscribe=One-Click}) or the page's button; no login, idempotent.
 *
 * <p>These are Vert.x routes, not REST resources: mail providers post a form without any cookie,
 * and the REST CSRF filter would refuse every such form (quarkusio/quarkus#53715).
 */
@ApplicationScoped
public class UnsubscribeRoutes {

    private static final Logger LOG = Logger.getLogger(UnsubscribeRoutes.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final Pool pool;
    private final UnsubscribeTokens tokens;
    private final OptOutService optOuts;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final FailedCredentials failures;

    UnsubscribeRoutes(
            Pool pool,
            UnsubscribeTokens tokens,
            OptOutService optOuts,
            OutreachConfig config,
            LiveSettings live,
            FailedCredentials failures) {
        this.failures = failures;
        this.pool = pool;
        this.tokens = tokens;
        this.optOuts = optOuts;
        this.config = config;
        this.live = live;
    }

    void routes(@Observes Router router) {
        router.get("/u/:token").handler(this::confirm);
        router.post("/u/:token")
                .handler(BodyHandler.create(false).setBodyLimit(8 * 1024))
                .handler(this::unsubscribe);
    }

    private void confirm(RoutingContext rc) {
        if (throttled(rc)) {
            return;
        }
        lookup(rc.pathParam("token"))
                .subscribe()
                .with(
                        contact -> {
                            if (contact == null) {
                                unknown(rc);
                            } else {
                                respond(rc, 200, page(contact, UnsubscribePages::confirm));
                            }
                        },
                        failure -> unavailable(rc, failure));
    }

    private void unsubscribe(RoutingContext rc) {
        if (throttled(rc)) {
            return;
        }
        String token = rc.pathParam("token");
        boolean oneClick = rc.body() != null
                && rc.body().asString() != null
                && rc.body().asString().contains(ONE_CLICK);
        lookup(token)
                .flatMap(contact -> contact == null
                        ? Uni.createFrom().nullItem()
                        : optOuts.optOut(
                                        contact.type(),
                                        contact.value(),
                                        oneClick ? "one_click" : "unsubscribe_page",
                                        "unsubscribe link",
                                        "contact")
                                .call(() -> tokens.markUsed(pool, token))
                                .replaceWith(contact))
                .subscribe()
                .with(
                        contact -> {
                            if (contact == null) {
                                unknown(rc);
                            } else {
                                respond(rc, 200, page(contact, UnsubscribePages::done));
                            }
                        },
                        failure -> unavailable(rc, failure));
    }

    /** A client that tried too many unknown tokens is answered 429 until its window ends (issue 28). */
    private boolean throttled(RoutingContext rc) {
        java.time.Duration wait =
                failures.retryAfter(FailedCredentials.Kind.UNSUBSCRIBE_TOKEN, FailedCredentials.client(rc));
        if (wait == null) {
            return false;
        }
        rc.response().putHeader("Retry-After", Long.toString(wait.toSeconds()));
        respond(rc, 429, UnsubscribePages.unknown());
        return true;
    }

    /** An unknown token: counted against the client, and answered later the more it tries. */
    private void unknown(RoutingContext rc) {
        java.time.Duration delay =
                failures.failed(FailedCredentials.Kind.UNSUBSCRIBE_TOKEN, FailedCredentials.client(rc));
        if (delay.isZero()) {
            respond(rc, 404, UnsubscribePages.unknown());
        } else {
            rc.vertx().setTimer(delay.toMillis(), id -> respond(rc, 404, UnsubscribePages.unknown()));
        }
    }

    /** The contact behind a token, or null for a malformed or unknown token. */
    private Uni<UnsubscribeTokens.Target> lookup(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().nullItem();
        }
        return tokens.find(token).map(found -> found.orElse(null));
    }

    /** A page in the language of the lead the token was sent to, the business default otherwise. */
    private TemplateInstance page(
            UnsubscribeTokens.Target contact,
            java.util.function.BiFunction<String, java.util.Map<String, String>, TemplateInstance> template) {
        Language language = contact.language() == null ? config.defaultLanguage() : Language.ofTag(contact.language());
        String company = live.current().sender().company();
        String masked = masked(contact);
        java.util.Map<String, String> words = new java.util.HashMap<>();
        for (String key : FixedWords.keys(Language.ENGLISH)) {
            if (key.startsWith("unsubscribe.")) {
                words.put(
                        key.substring("unsubscribe.".length()),
                        FixedWords.of(language, key, "company", company, "contact", masked));
            }
        }
        return template.apply(language.tag(), words);
    }

    private static String masked(UnsubscribeTokens.Target contact) {
        return contact.type() == ContactType.EMAIL ? Masking.email(contact.value()) : Masking.phone(contact.value());
    }

    private static void unavailable(RoutingContext rc, Throwable failure) {
        LOG.error("Unsubscribe page failed", failure);
        respond(rc, 503, UnsubscribePages.unavailable());
    }

    private static void respond(RoutingContext rc, int status, TemplateInstance page) {
        if (rc.response().ended()) {
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Robots-Tag", "noindex")
                .end(page.render());
    }
}
