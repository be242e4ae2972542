package dev.outreach.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.common.TimeSource;
import dev.outreach.feedback.EmailEvent;
import dev.outreach.feedback.EmailEvents;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/sendgrid/events}: SendGrid's signed Event Webhook. The signature is
 * checked over the raw bytes before anything is parsed; 401 when the signature headers are
 * missing, 403 when the signature is wrong, the key is not configured or the timestamp is stale,
 * 400 when the body is not a JSON array. A verified batch is applied in one transaction and
 * answered 200; a database failure answers 503 so that SendGrid delivers the batch again.
 */
@ApplicationScoped
public class SendGridEventRoutes {

    static final String PROVIDER = "sendgrid";
    /** SendGrid batches events; a few thousand per post fit well inside this. */
    static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(SendGridEventRoutes.class);

    private final SendGridSignatures signatures;
    private final EmailEvents events;
    private final ObjectMapper json;
    private final TimeSource clock;

    SendGridEventRoutes(SendGridSignatures signatures, EmailEvents events, ObjectMapper json, TimeSource clock) {
        this.signatures = signatures;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    void routes(@Observes Router router) {
        router.post("/webhooks/sendgrid/events")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        Buffer body = rc.body().buffer();
        byte[] raw = body == null ? new byte[0] : body.getBytes();
        SendGridSignatures.Check check = signatures.check(
                rc.request().getHeader(SendGridSignatures.SIGNATURE_HEADER),
                rc.request().getHeader(SendGridSignatures.TIMESTAMP_HEADER),
                raw);
        switch (check) {
            case MISSING -> {
                WebhookSupport.text(rc, 401, "missing signature headers");
                return;
            }
            case NOT_CONFIGURED -> {
                LOG.warn("A SendGrid event post was refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not set");
                WebhookSupport.text(rc, 403, "signature verification is not configured");
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
        List<EmailEvent> parsed;
        try {
            parsed = parse(json.readTree(raw), clock.now());
        } catch (IOException | IllegalArgumentException e) {
            WebhookSupport.text(rc, 400, "the body must be a JSON array of event objects");
            return;
        }
        events.apply(PROVIDER, parsed).subscribe().with(applied -> WebhookSupport.text(rc, 200, "ok"), failure -> {
            LOG.errorf(failure, "Could not apply %d SendGrid events; SendGrid will post them again", parsed.size());
            WebhookSupport.text(rc, 503, "try again");
        });
    }

    static List<EmailEvent> parse(JsonNode root, Instant received) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not an array");
        }
        List<EmailEvent> parsed = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            parsed.add(event(node, received));
        }
        return parsed;
    }

    private static EmailEvent event(JsonNode node, Instant received) {
        String type = text(node, "event");
        EmailEvent.Kind kind =
                kind(type == null ? "" : type.toLowerCase(Locale.ROOT), text(node, "type"), text(node, "reason"));
        String eventId = text(node, "sg_event_id");
        if (eventId == null) {
            eventId = "sha256:" + sha256(node.toString());
        }
        String email = text(node, "email");
        String sgMessageId = text(node, "sg_message_id");
        // sg_message_id is the X-Message-Id the API answered, followed by ".filter…" routing details.
        String providerRef = sgMessageId == null ? null : sgMessageId.split("\\.", 2)[0];
        JsonNode timestamp = node.get("timestamp");
        // A signed event may still carry a time no Instant or column holds (99999999999999999): then it is
        // when it came. SendGrid's are Unix seconds; anything outside 1970 to 9999 is not one of theirs.
        Instant at = timestamp != null
                        && timestamp.canConvertToLong()
                        && timestamp.asLong() >= 0
                        && timestamp.asLong() <= LAST_SECOND_OF_9999
                ? Instant.ofEpochSecond(timestamp.asLong())
                : received;
        return new EmailEvent(
                eventId,
                kind,
                email == null ? null : email.strip().toLowerCase(Locale.ROOT),
                uuid(text(node, "outreach_message_id")),
                providerRef,
                text(node, "smtp-id"),
                text(node, "reason"),
                at);
    }

    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    static EmailEvent.Kind kind(String event, String bounceType, String reason) {
        return switch (event) {
            case "delivered" -> EmailEvent.Kind.DELIVERED;
            case "open" -> EmailEvent.Kind.OPEN;
            case "click" -> EmailEvent.Kind.CLICK;
            case "bounce" -> "blocked".equalsIgnoreCase(bounceType) ? EmailEvent.Kind.BLOCKED : EmailEvent.Kind.BOUNCE;
            // SendGrid drops mail to addresses on its suppression lists; the list says why.
            case "dropped" ->
                reason != null && reason.toLowerCase(Locale.ROOT).matches(".*(unsubscribe|spam).*")
                        ? EmailEvent.Kind.UNSUBSCRIBE
                        : EmailEvent.Kind.DROPPED;
            case "spamreport" -> EmailEvent.Kind.COMPLAINT;
            case "unsubscribe", "group_unsubscribe" -> EmailEvent.Kind.UNSUBSCRIBE;
            default -> EmailEvent.Kind.IGNORED;
        };
    }

    private static String text(JsonNode node, String field) {
        return Json.text(node, field);
    }

    private static UUID uuid(String value) {
        return WebhookSupport.uuid(value);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
