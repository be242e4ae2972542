package dev.outreach.console;

import dev.outreach.auditlog.AuditQueries;
import io.quarkus.qute.TemplateExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product's keys in the owner's words on a page (issue 30): gate rules, statuses and results as
 * {@code {key.words}}. The keys stay in the API, the audit log and CSS classes; a key without words of
 * its own is shown with spaces for underscores ({@code needs_review} → {@code needs review}).
 */
@TemplateExtension
final class Words {

    static final Map<String, String> WORDS = Map.ofEntries(
            // The compliance gate's rules
            Map.entry("lead_status", "Lead can be contacted"),
            Map.entry("opt_out", "Not opted out"),
            Map.entry("do_not_call", "Not on a do-not-call list"),
            Map.entry("jurisdiction", "Law of the recipient's country"),
            Map.entry("crm_customer", "Not a customer or open deal in your CRM"),
            Map.entry("sender_identity", "Sender's name and postal address"),
            Map.entry("sender_domain", "Sender domain (SPF, DKIM, DMARC)"),
            Map.entry("sender_reputation", "Sending reputation"),
            Map.entry("daily_cap", "Daily limit"),
            Map.entry("warm_up", "New domain's warm-up allowance"),
            Map.entry("country_cap", "Country's daily call limit"),
            Map.entry("domain_throttle", "Emails per receiving domain per hour"),
            Map.entry("lead_cooldown", "Pause between contacts"),
            Map.entry("outcome_cooldown", "Wait after a call's outcome"),
            Map.entry("calling_window", "Calling hours"),
            // Results and decisions
            Map.entry("pass", "passes"),
            Map.entry("refuse", "refuses"),
            Map.entry("not_applicable", "does not apply"),
            Map.entry("send", "would go"),
            Map.entry("defer", "would wait"),
            Map.entry("cancel", "never"),
            // Statuses
            Map.entry("dry_run", "dry-run (not sent)"),
            Map.entry("pending_approval", "waiting for approval"),
            Map.entry("awaiting_approval", "waiting for approval"),
            Map.entry("queued", "waiting to leave"),
            Map.entry("sending", "leaving"),
            Map.entry("needs_review", "needs review"),
            Map.entry("opted_out", "opted out"));

    /** The settings in force, as the Settings page lists them (the API keeps the keys). */
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("callCountryCaps", "Calls per day, by country"),
            Map.entry("callWindow", "Calling hours"),
            Map.entry("emailThreshold", "Lowest email check score to send"),
            Map.entry("phoneThreshold", "Lowest phone check score to call"),
            Map.entry("spamThreshold", "Highest spam score to send"),
            Map.entry("deliverabilityCheck", "Missing SPF or DMARC"),
            Map.entry("brakeComplaintRate", "Email stops at a complaint rate of"),
            Map.entry("brakeBounceRate", "Email stops at a bounce rate of"),
            Map.entry("warmupStart", "Warm-up: live emails on day one"),
            Map.entry("warmupDailyGrowth", "Warm-up: growth per day"),
            Map.entry("name", "Your name"),
            Map.entry("company", "Company"),
            Map.entry("address", "Postal address"),
            Map.entry("email", "Sender email"),
            Map.entry("privacyUrl", "Privacy policy"),
            Map.entry("schedulingUrl", "Booking link"),
            Map.entry("operatorEmails", "Reports and alerts to"),
            Map.entry("emailProvider", "Email goes through"),
            Map.entry("publicBaseUrl", "Public address of this service"),
            Map.entry("adminApiKey", "First admin API key"),
            Map.entry("twilioAccountSid", "Twilio account SID"),
            Map.entry("twilioAuthToken", "Twilio auth token"),
            Map.entry("twilioFromNumber", "Twilio number"),
            Map.entry("sendgridApiKey", "SendGrid API key"),
            Map.entry("sendgridWebhookPublicKey", "SendGrid webhook key"),
            Map.entry("openaiApiKey", "OpenAI API key"),
            Map.entry("googlePlacesApiKey", "Google Places API key"),
            Map.entry("zerobounceApiKey", "ZeroBounce API key"),
            Map.entry("dkimSelector", "DKIM selector"),
            Map.entry("dkimPrivateKeyPath", "DKIM private key"),
            Map.entry("spamd", "SpamAssassin (spamd)"));

    private Words() {}

    /** A setting's key as the Settings page labels it ({@code emailDailyCap} → "Emails per day"). */
    static String settingLabel(String key) {
        return SETTINGS.getOrDefault(key, SettingsForm.label(key));
    }

    /** A message naming settings by their variables, with the labels of the Settings page instead. */
    static String settingWords(String message) {
        return SettingsForm.inWords(message);
    }

    /** Any key: a status, a rule, a result (also one read from an audit event's details, hence Object). */
    static String inWords(Object key) {
        if (key == null) {
            return "";
        }
        String text = key.toString();
        return WORDS.getOrDefault(text, text.replace('_', ' '));
    }

    /**
     * An audit event's details to read (issue 30): each key in words ({@code cancelledMessages} →
     * "cancelled messages", {@code lead_status} → its rule's words), each value as text, lists joined by
     * commas; the raw JSON stays in the API and the CSV export.
     */
    static Map<String, String> readableDetails(AuditQueries.Event event) {
        Map<String, String> readable = new LinkedHashMap<>();
        event.details().forEach(e -> readable.put(label(e.getKey()), text(e.getValue())));
        return readable;
    }

    private static String label(String key) {
        return WORDS.getOrDefault(key, Problems.spaced(key));
    }

    private static String text(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof JsonArray list) {
            if (list.isEmpty()) {
                return "none";
            }
            StringBuilder joined = new StringBuilder();
            list.forEach(item -> joined.append(joined.isEmpty() ? "" : ", ").append(text(item)));
            return joined.toString();
        }
        if (value instanceof JsonObject object) {
            StringBuilder joined = new StringBuilder();
            object.forEach(e -> joined.append(joined.isEmpty() ? "" : "; ")
                    .append(label(e.getKey()))
                    .append(": ")
                    .append(text(e.getValue())));
            return joined.toString();
        }
        if (value instanceof Boolean yes) {
            return yes ? "yes" : "no";
        }
        return WORDS.getOrDefault(value.toString(), value.toString());
    }
}
