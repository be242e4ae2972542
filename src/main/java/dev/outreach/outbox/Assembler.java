package dev.outreach.outbox;

import dev.outreach.channel.Outgoing;
import dev.outreach.compose.EmailFooter;
import dev.outreach.compose.TemplateWriter;
import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import dev.outreach.meeting.BookingLinks;
import dev.outreach.optout.UnsubscribeTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an approved draft into what leaves, per channel. An email gets the compliance footer with
 * a fresh unsubscribe token, the List-Unsubscribe headers of RFC 8058, Precedence and a Message-ID
 * we keep (R-3.3, R-5.2); the token exists only here and in the email, the database keeps its hash.
 * The sender's booking page becomes a tracked link of its own (R-17.1), kept the same way.
 * A call points Twilio at our script; a text ends with how to opt out.
 */
@ApplicationScoped
public class Assembler {

    private final OutreachConfig config;
    private final LiveSettings live;
    private final EmailFooter footer;
    private final TemplateWriter writer;

    Assembler(OutreachConfig config, LiveSettings live, EmailFooter footer, TemplateWriter writer) {
        this.config = config;
        this.live = live;
        this.footer = footer;
        this.writer = writer;
    }

    /**
     * What leaves, what is stored as sent (tokens masked), the unsubscribe token and the tracked
     * booking link's token (R-17.1), each null when the message carries none.
     */
    public record Assembled(
            Outgoing outgoing, String storedText, String rfcMessageId, String token, String bookingToken) {

        Assembled(Outgoing outgoing, String storedText) {
            this(outgoing, storedText, null, null, null);
        }
    }

    public Assembled call(UUID messageId, String to, String businessName, Language language) {
        String base = base();
        Outgoing.Call call = new Outgoing.Call(
                messageId,
                to,
                base + "/webhooks/twilio/voice/" + messageId,
                base + "/webhooks/twilio/voice/" + messageId + "/status",
                (int) config.call().maxDuration().toSeconds());
        return new Assembled(call, writer.callGreeting(businessName, language));
    }

    public Assembled text(UUID messageId, Channel channel, String to, String body, Language language) {
        Tracked tracked = track(body.strip());
        String text = FixedWords.withSmsStop(tracked.text(), language);
        Outgoing.Text out = new Outgoing.Text(
                messageId, channel, to, text, base() + "/webhooks/twilio/sms/" + messageId + "/status", null, null);
        return new Assembled(out, tracked.mask(text), null, null, tracked.token());
    }

    /** A text with the sender's booking page replaced by a tracked link, and that link's token (or null). */
    private record Tracked(String text, String token) {

        String mask(String stored) {
            return token == null ? stored : stored.replace(token, token.substring(0, 4) + "…");
        }
    }

    /**
     * Every mention of the sender's booking page becomes this message's tracked link (R-17.1), which
     * records the click and forwards to the same page with the lead filled in. A text that offers no
     * booking gets no link and no token.
     */
    private Tracked track(String text) {
        String page = live.current().sender().schedulingUrl().toString();
        if (page.isEmpty() || !text.contains(page)) {
            return new Tracked(text, null);
        }
        String token = BookingLinks.newToken();
        return new Tracked(text.replace(page, base() + BookingLinks.path(token)), token);
    }

    /**
     * A business-initiated WhatsApp message outside the 24-hour window: the approved template
     * ({@code OUTREACH_WHATSAPP_CONTENT_SID}) with the business's name and the sender's company.
     */
    public Assembled whatsAppTemplate(UUID messageId, String to, String contentSid, String businessName) {
        String variables = new io.vertx.core.json.JsonObject()
                .put("1", businessName == null ? "" : businessName)
                .put("2", live.current().sender().company())
                .encode();
        String stored = "WhatsApp template " + contentSid + " " + variables;
        Outgoing.Text out = new Outgoing.Text(
                messageId,
                Channel.WHATSAPP,
                to,
                stored,
                base() + "/webhooks/twilio/sms/" + messageId + "/status",
                contentSid,
                variables);
        return new Assembled(out, stored);
    }

    /**
     * What the footer tells the recipient about their data (GDPR Art 14 and 21, R-13.5).
     *
     * @param foundAt   where we found the address, in words ("your Google Maps business listing"), or null
     * @param objection the right to object, for recipients in the EU/EEA and GB
     */
    public record Notice(String foundAt, boolean objection, Language language) {

        public static final Notice NONE = new Notice(null, false, Language.ENGLISH);
    }

    public Assembled email(UUID messageId, String to, String subject, String body, String businessName, Notice notice) {
        return assemble(messageId, to, subject, body, businessName, notice, Map.of("Precedence", "bulk"));
    }

    /**
     * The operator's answer to a reply (R-15.2): the same footer and unsubscribe link, threaded under
     * the mails it follows (In-Reply-To the newest, References all), and no Precedence: bulk, for it
     * is one person writing to another.
     *
     * @param thread the Message-IDs it follows, oldest first, separated by spaces
     */
    public Assembled answer(
            UUID messageId, String to, String subject, String body, String businessName, String thread, Notice notice) {
        List<String> ids = thread == null
                ? List.of()
                : Arrays.stream(thread.strip().split("\\s+"))
                        .filter(id -> id.startsWith("<") && id.endsWith(">"))
                        .toList();
        return assemble(
                messageId,
                to,
                subject,
                body,
                businessName,
                notice,
                ids.isEmpty()
                        ? Map.of()
                        : Map.of("In-Reply-To", ids.get(ids.size() - 1), "References", String.join(" ", ids)));
    }

    private Assembled assemble(
            UUID messageId,
            String to,
            String subject,
            String body,
            String businessName,
            Notice notice,
            Map<String, String> extraHeaders) {
        String token = UnsubscribeTokens.newToken();
        String unsubscribeUrl = base() + "/u/" + token;
        Tracked tracked = track(body);
        String text = footer.append(
                notice.language(), tracked.text(), businessName, unsubscribeUrl, notice.foundAt(), notice.objection());
        String storedText = tracked.mask(text.replace(token, token.substring(0, 4) + "…"));
        CampaignConfig.Sender sender = live.current().sender();
        String rfcMessageId = "<" + messageId + "@" + Contacts.emailDomain(sender.email()) + ">";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", rfcMessageId);
        headers.put(
                "List-Unsubscribe",
                "<" + unsubscribeUrl + ">, <mailto:" + sender.email() + "?subject="
                        + URLEncoder.encode("unsubscribe " + token, StandardCharsets.UTF_8)
                                .replace("+", "%20") + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.putAll(extraHeaders);
        Outgoing.Email email = new Outgoing.Email(
                messageId, sender.email(), sender.name(), to, oneLine(subject), text, rfcMessageId, headers);
        return new Assembled(email, storedText, rfcMessageId, token, tracked.token());
    }

    private String base() {
        return config.publicBaseUrl().toString().replaceAll("/+$", "");
    }

    /** No line break may reach a header, whatever an editor typed into the subject. */
    static String oneLine(String subject) {
        return subject == null
                ? ""
                : subject.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").strip();
    }
}
