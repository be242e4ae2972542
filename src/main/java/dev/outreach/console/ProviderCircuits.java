package dev.outreach.console;

import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.config.SendingConfig;
import dev.outreach.crm.CrmSystem;
import dev.outreach.crm.Crms;
import dev.outreach.outbox.OutboxMetrics;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each provider as the overview shows it: what it is for, in the owner's words, and
 * whether it works, from its circuit breaker's state; a provider not set up, or mail only logged in dev
 * mode, is said so rather than "working".
 */
@ApplicationScoped
public class ProviderCircuits {

    private final OutreachConfig config;
    private final LiveSettings live;
    private final CircuitBreakerMaintenance breakers;
    private final ProviderStatus providers;
    private final Crms crms;

    ProviderCircuits(
            OutreachConfig config,
            LiveSettings live,
            CircuitBreakerMaintenance breakers,
            ProviderStatus providers,
            Crms crms) {
        this.config = config;
        this.live = live;
        this.breakers = breakers;
        this.providers = providers;
        this.crms = crms;
    }

    /**
     * One provider: its circuit name, what it is for, and its state ({@code closed}, {@code open},
     * {@code half-open}, {@code not-set-up}) with the words an owner reads.
     */
    public record Circuit(String name, String purpose, String state) {
        public String words() {
            return switch (state) {
                case "closed" -> "working";
                case "open" -> "failing: paused, tried again in a moment";
                case "half-open" -> "trying again";
                case "not-set-up" -> "not set up";
                case "logged" -> "only logged here (dev mode): no mail leaves";
                default -> state;
            };
        }
    }

    /** Each provider as an owner reads it: what it is for, and whether it works. */
    List<Circuit> all() {
        List<Circuit> circuits = new ArrayList<>();
        for (String name : OutboxMetrics.BREAKERS) {
            String state;
            try {
                state = breakers.currentState(name)
                        .name()
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
            } catch (IllegalArgumentException e) {
                state = "closed"; // never called yet
            }
            circuits.add(new Circuit(
                    name,
                    PURPOSE.getOrDefault(name, name),
                    !configured(name) ? "not-set-up" : mailOnlyLogged(name) ? "logged" : state));
        }
        return circuits;
    }

    /** What each circuit's provider does, in the owner's words. */
    static final Map<String, String> PURPOSE = Map.ofEntries(
            Map.entry("smtp", "Email (SMTP)"),
            Map.entry("sendgrid", "Email (SendGrid)"),
            Map.entry("twilio-voice", "Calls (Twilio)"),
            Map.entry("twilio-messaging", "SMS and WhatsApp (Twilio)"),
            Map.entry("operator-mail", "Reports and alerts to you"),
            Map.entry("openai-replies", "Reading replies (AI)"),
            Map.entry("openai-compose", "Writing drafts (AI)"),
            Map.entry("google-places", "Google Places search"),
            Map.entry("web-pages", "Directories and contact pages"),
            Map.entry("zerobounce", "Email checks (ZeroBounce)"),
            Map.entry("twilio-lookup", "Phone checks (Twilio)"),
            Map.entry("imap", "Reading your mailbox (IMAP)"),
            Map.entry("imap-move", "Filing processed mail (IMAP)"),
            Map.entry("spamd", "Spam scores of drafts (SpamAssassin)"),
            Map.entry("hubspot", "Your CRM (HubSpot)"),
            Map.entry("pipedrive", "Your CRM (Pipedrive)"));

    /**
     * Mail through SMTP is only written to the log (quarkus-mailer's mock, dev mode's default): said so, not
     * "working" (issue 30).
     */
    private boolean mailOnlyLogged(String name) {
        if (!name.equals("smtp") && !name.equals("operator-mail")) {
            return false;
        }
        return providers.mailerMock();
    }

    private boolean configured(String name) {
        return switch (name) {
            case "smtp" -> config.email().provider() == SendingConfig.EmailProvider.smtp;
            case "sendgrid" ->
                config.email().provider() == SendingConfig.EmailProvider.sendgrid && providers.emailAvailable();
            case "twilio-voice", "twilio-messaging" -> providers.twilioAvailable();
            case "twilio-lookup" ->
                providers.twilioAvailable() && config.verifier().twilioLookup();
            case "openai-replies", "openai-compose" -> providers.aiAvailable();
            case "google-places" -> providers.placesAvailable();
            case "zerobounce" -> providers.emailVerifierAvailable();
            case "imap" -> config.imap().configured();
            case "imap-move" ->
                config.imap().configured() && config.imap().moveTo().isPresent();
            case "spamd" -> config.spamd().configured();
            case "operator-mail" -> !live.current().operatorEmails().isEmpty();
            case "hubspot" ->
                crms.active().filter(c -> c.system() == CrmSystem.HUBSPOT).isPresent();
            case "pipedrive" ->
                crms.active().filter(c -> c.system() == CrmSystem.PIPEDRIVE).isPresent();
            default -> true;
        };
    }
}
