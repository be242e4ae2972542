package dev.outreach.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.meeting.BookingEvent;
import dev.outreach.meeting.Bookings;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/calcom} and {@code POST /webhooks/calendly}: bookings, moves,
 * cancellations and no-shows from the sender's scheduler. The signature is checked over the raw bytes
 * first: 401 without one, 403 when it is wrong or (Calendly) stale; 404 while the provider's secret is
 * not set, as if the route did not exist. A verified event is applied once, in one transaction
 * ({@link Bookings}), and answered 200, a replay too; 400 when the body is not the provider's shape;
 * 503 when the database failed, so that the scheduler posts it again. The answer never waits for a
 * provider or a mail.
 */
@ApplicationScoped
public class BookingWebhookRoutes {

    private static final Logger LOG = Logger.getLogger(BookingWebhookRoutes.class);
    /** A booking is a few kilobytes; Cal.com's largest payloads carry the whole event type. */
    static final long MAX_BODY_BYTES = 256 * 1024;

    private final BookingSignatures signatures;
    private final Bookings bookings;
    private final ObjectMapper json;

    BookingWebhookRoutes(BookingSignatures signatures, Bookings bookings, ObjectMapper json) {
        this.signatures = signatures;
        this.bookings = bookings;
        this.json = json;
    }

    void routes(@Observes Router router) {
        router.post("/webhooks/calcom")
                .handler(WebhookSupport.body().setBodyLimit(MAX_BODY_BYTES))
                .handler(rc -> {
                    if (signatures.calcomSecret().isEmpty()) {
                        WebhookSupport.text(rc, 404, "not found");
                        return;
                    }
                    handle(
                            rc,
                            CalcomPayloads.PROVIDER,
                            raw -> signatures.calcom(rc.request().getHeader(BookingSignatures.CALCOM_HEADER), raw),
                            CalcomPayloads::parse);
                });
        router.post("/webhooks/calendly")
                .handler(WebhookSupport.body().setBodyLimit(MAX_BODY_BYTES))
                .handler(rc -> {
                    if (signatures.calendlyKey().isEmpty()) {
                        WebhookSupport.text(rc, 404, "not found");
                        return;
                    }
                    handle(
                            rc,
                            CalendlyPayloads.PROVIDER,
                            raw -> signatures.calendly(rc.request().getHeader(BookingSignatures.CALENDLY_HEADER), raw),
                            CalendlyPayloads::parse);
                });
    }

    private void handle(
            RoutingContext rc,
            String provider,
            Function<byte[], BookingSignatures.Check> check,
            Function<JsonNode, BookingEvent> parse) {
        Buffer body = rc.body().buffer();
        byte[] raw = body == null ? new byte[0] : body.getBytes();
        switch (check.apply(raw)) {
            case MISSING -> {
                WebhookSupport.text(rc, 401, "missing signature");
                return;
            }
            case STALE -> {
                WebhookSupport.text(rc, 403, "timestamp too far from now");
                return;
            }
            case BAD_SIGNATURE -> {
                WebhookSupport.text(rc, 403, "signature mismatch");
                return;
            }
            case VALID -> {}
        }
        BookingEvent event;
        try {
            event = parse.apply(json.readTree(raw));
        } catch (IOException e) {
            WebhookSupport.text(rc, 400, "the body is not JSON");
            return;
        } catch (IllegalArgumentException e) {
            WebhookSupport.text(rc, 400, "not a " + provider + " booking event: " + e.getMessage());
            return;
        }
        bookings.apply(event)
                .subscribe()
                .with(applied -> WebhookSupport.text(rc, 200, applied.replay() ? "already applied" : "ok"), failure -> {
                    LOG.errorf(
                            failure,
                            "Could not apply the %s event %s; it will be posted again",
                            provider,
                            event.eventKey());
                    WebhookSupport.text(rc, 503, "try again");
                });
    }
}
