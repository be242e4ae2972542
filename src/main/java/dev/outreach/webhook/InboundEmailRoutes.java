package dev.outreach.webhook;

import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.MessageIds;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.feedback.ReplyText;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/sendgrid/inbound}: replies by email through SendGrid Inbound Parse
 * a multipart form. Only SendGrid knows the secret ({@code OUTREACH_INBOUND_SECRET}), given
 * as the basic-auth password of the configured URL or as {@code ?key=}: 401 without it, 403 with a
 * wrong one or when no secret is configured. Attachments are not read.
 */
@ApplicationScoped
public class InboundEmailRoutes {

    static final String PROVIDER = "sendgrid_inbound";
    static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(InboundEmailRoutes.class);
    private static final Pattern ANGLE = Pattern.compile("<([^<>\\s]{3,250})>");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"',;]+@[^\\s<>\"',;]+");

    private final OutreachConfig config;
    private final ReplyIntake replies;

    InboundEmailRoutes(OutreachConfig config, ReplyIntake replies) {
        this.config = config;
        this.replies = replies;
    }

    void routes(@Observes Router router) {
        router.post("/webhooks/sendgrid/inbound")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setMergeFormAttributes(false))
                .handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        Optional<String> presented = presentedSecret(rc);
        if (presented.isEmpty()) {
            rc.response().putHeader("WWW-Authenticate", "Basic realm=\"inbound\"");
            WebhookSupport.text(rc, 401, "credentials required");
            return;
        }
        Optional<String> secret = config.inboundSecret().filter(s -> !s.isBlank());
        if (secret.isEmpty()
                || !MessageDigest.isEqual(
                        secret.get().getBytes(StandardCharsets.UTF_8),
                        presented.get().getBytes(StandardCharsets.UTF_8))) {
            WebhookSupport.text(rc, 403, "not allowed");
            return;
        }
        var form = WebhookSupport.form(rc);
        String from = address(form.get("from"));
        if (from == null) {
            WebhookSupport.text(rc, 400, "from: a sender address is required");
            return;
        }
        String headers = form.getOrDefault("headers", "");
        String text = form.get("text");
        if (text == null || text.isBlank()) {
            text = form.getOrDefault("html", "")
                    .replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]*>", " ");
        }
        String mailId = header(headers, "Message-ID").map(MessageIds::first).orElse(null);
        InboundReply reply = new InboundReply(
                Channel.EMAIL,
                from,
                clean(form.get("subject")),
                ReplyText.ownWords(text),
                references(headers),
                PROVIDER,
                mailId,
                mailId);
        replies.receive(reply).subscribe().with(outcome -> WebhookSupport.text(rc, 200, "ok"), failure -> {
            LOG.errorf(failure, "Could not take in a reply; SendGrid will post it again");
            WebhookSupport.text(rc, 503, "try again");
        });
    }

    /** The basic-auth password, or {@code ?key=}. */
    private static Optional<String> presentedSecret(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.of("");
            }
        }
        return Optional.ofNullable(rc.request().getParam("key"));
    }

    /** The bare address of a From value such as {@code "Ravi K" <ravi@example.in>}. */
    static String address(String from) {
        if (from == null) {
            return null;
        }
        Matcher angle = ANGLE.matcher(from);
        String candidate = angle.find() ? angle.group(1) : from;
        Matcher address = ADDRESS.matcher(candidate);
        if (!address.find()) {
            return null;
        }
        return Contacts.email(address.group());
    }

    /** Message-IDs this mail answers: In-Reply-To first, then References from the newest. */
    static List<String> references(String headers) {
        return MessageIds.answered(
                header(headers, "In-Reply-To").orElse(null),
                header(headers, "References").orElse(null));
    }

    /** One header of a raw header block, unfolded; the first occurrence. */
    static Optional<String> header(String headers, String name) {
        String unfolded = headers.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : unfolded.split("\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    private static String clean(String subject) {
        if (subject == null) {
            return null;
        }
        String oneLine = subject.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine;
    }
}
