package dev.outreach.webhook;

import com.twilio.twiml.MessagingResponse;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.feedback.DeliveryReports;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.feedback.ReplyIntent;
import dev.outreach.optout.StopWords;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Twilio Messaging callbacks: {@code POST /webhooks/twilio/sms} receives texts and WhatsApp
 * messages sent to our number, {@code POST /webhooks/twilio/sms/{id}/status} the delivery reports of
 * ours. Every request must carry a valid {@code X-Twilio-Signature} (403 otherwise). A text that is
 * a carrier stop keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, any case) opts the number
 * out on every channel; any other text is a reply, classified like an email reply.
 */
@ApplicationScoped
public class TwilioTextRoutes {

    private static final Logger LOG = Logger.getLogger(TwilioTextRoutes.class);
    private static final String XML = "application/xml; charset=UTF-8";
    private static final String WHATSAPP = "whatsapp:";

    private final TwilioSignatures signatures;
    private final ReplyIntake replies;
    private final DeliveryReports reports;
    private final OutreachConfig config;
    private final TimeSource clock;

    TwilioTextRoutes(
            TwilioSignatures signatures,
            ReplyIntake replies,
            DeliveryReports reports,
            OutreachConfig config,
            TimeSource clock) {
        this.signatures = signatures;
        this.replies = replies;
        this.reports = reports;
        this.config = config;
        this.clock = clock;
    }

    void routes(@Observes Router router) {
        router.post("/webhooks/twilio/sms").handler(WebhookSupport.body()).handler(rc -> verified(rc, this::inbound));
        router.post("/webhooks/twilio/sms/:id/status")
                .handler(WebhookSupport.body())
                .handler(rc -> verified(rc, form -> status(WebhookSupport.uuid(rc.pathParam("id")), form)));
    }

    private void verified(RoutingContext rc, Function<Map<String, String>, Uni<Void>> handler) {
        Map<String, String> form = WebhookSupport.form(rc);
        if (!signatures.valid(
                WebhookSupport.pathAndQuery(rc), form, rc.request().getHeader("X-Twilio-Signature"))) {
            WebhookSupport.text(rc, 403, "signature mismatch");
            return;
        }
        if (rc.pathParam("id") != null && WebhookSupport.uuid(rc.pathParam("id")) == null) {
            WebhookSupport.respond(rc, 200, XML, emptyResponse()); // not one of ours: nothing to record
            return;
        }
        handler.apply(form).subscribe().with(x -> WebhookSupport.respond(rc, 200, XML, emptyResponse()), failure -> {
            LOG.errorf(failure, "Twilio callback %s failed", rc.normalizedPath());
            WebhookSupport.text(rc, 503, "try again");
        });
    }

    private Uni<Void> inbound(Map<String, String> form) {
        String rawFrom = form.getOrDefault("From", "").strip();
        if (rawFrom.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean whatsapp = rawFrom.toLowerCase(Locale.ROOT).startsWith(WHATSAPP);
        String number = whatsapp ? rawFrom.substring(WHATSAPP.length()) : rawFrom;
        String from = Contacts.phoneE164(number, config.defaultRegion()).orElse(number);
        String body = form.getOrDefault("Body", "");
        InboundReply reply = new InboundReply(
                whatsapp ? Channel.WHATSAPP : Channel.SMS,
                from,
                null,
                body.strip(),
                List.of(),
                "twilio",
                form.get("MessageSid"),
                null);
        // Twilio's Advanced Opt-Out names the keyword it matched in OptOutType.
        boolean stop = StopWords.isStop(body) || "STOP".equalsIgnoreCase(form.get("OptOutType"));
        Uni<ReplyIntake.Outcome> received = stop ? replies.receive(reply, ReplyIntent.OPT_OUT) : replies.receive(reply);
        return received.replaceWithVoid();
    }

    private Uni<Void> status(UUID id, Map<String, String> form) {
        String status = form.getOrDefault("MessageStatus", form.getOrDefault("SmsStatus", ""))
                .toLowerCase(Locale.ROOT);
        return switch (status) {
            case "delivered", "read" -> reports.delivered(id, clock.now());
            case "undelivered", "failed" -> reports.failed(id, status, form.get("ErrorCode"));
            default -> Uni.createFrom().voidItem();
        };
    }

    private static String emptyResponse() {
        return new MessagingResponse.Builder().build().toXml();
    }
}
