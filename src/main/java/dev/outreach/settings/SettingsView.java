package dev.outreach.settings;

import dev.outreach.audit.Masking;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.config.SenderIdentity;
import dev.outreach.deliverability.SenderDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration as an operator may see it: limits and identity in full, credentials
 * masked to at most their first and last four characters.
 */
public record SettingsView(
        Safety safety,
        Map<String, Object> limits,
        Map<String, Object> sender,
        Map<String, Object> providers,
        List<String> unavailable,
        SenderDomain.Summary senderDomain,
        List<String> senderPlaceholders) {

    /**
     * @param senderDomain the latest check of the sender domain's DNS records, or null before the first
     * @param admin whether the reader is an admin, who sees a secret's last 4 characters; an operator sees only
     *        "set" or "not set" (issue 28)
     */
    public static SettingsView of(
            Safety safety,
            OutreachConfig config,
            Operating operating,
            ProviderStatus status,
            SenderDomain senderDomain,
            boolean admin) {
        java.util.function.Function<Optional<String>, String> masked =
                admin ? SettingsView::masked : secret -> secret.isPresent() ? "set" : "not set";
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("emailDailyCap", operating.emailDailyCap());
        limits.put("callDailyCap", operating.callDailyCap());
        limits.put("callCountryCaps", config.call().countryCaps());
        limits.put("domainHourlyCap", operating.domainHourlyCap());
        limits.put("cooldownDays", operating.cooldownDays());
        limits.put("timezone", operating.timezone().getId());
        limits.put(
                "callWindow",
                operating.callWindowStart() + "–" + operating.callWindowEnd()
                        + (config.call().weekdaysOnly() ? " weekdays" : " every day"));
        limits.put("sequence", String.join(",", operating.sequence()));
        limits.put("emailThreshold", config.verifier().emailThreshold());
        limits.put("phoneThreshold", config.verifier().phoneThreshold());
        limits.put("spamThreshold", config.spamThreshold());
        limits.put("deliverabilityCheck", config.deliverabilityCheck().name());
        limits.put("brakeComplaintRate", config.brake().complaintRate());
        limits.put("brakeBounceRate", config.brake().bounceRate());
        limits.put("warmupStart", config.warmup().start());
        limits.put("warmupDailyGrowth", config.warmup().dailyGrowth());

        Map<String, Object> sender = new LinkedHashMap<>();
        Operating.Sender s = operating.sender();
        sender.put("name", s.name());
        sender.put("company", s.company());
        sender.put("address", s.address());
        sender.put("email", s.email());
        sender.put("privacyUrl", s.privacyUrl().toString());
        sender.put("schedulingUrl", s.schedulingUrl().toString());
        sender.put(
                "operatorEmails",
                operating.operatorEmails().isEmpty()
                        ? "not set: reports and alerts reach nobody"
                        : String.join(", ", operating.operatorEmails()));

        Map<String, Object> providers = new LinkedHashMap<>();
        providers.put("emailProvider", config.email().provider().name());
        providers.put("publicBaseUrl", config.publicBaseUrl().toString());
        providers.put("adminApiKey", masked.apply(config.adminApiKey()));
        providers.put("twilioAccountSid", masked.apply(config.twilio().accountSid()));
        providers.put("twilioAuthToken", masked.apply(config.twilio().authToken()));
        providers.put(
                "twilioFromNumber",
                config.twilio().fromNumber().map(Masking::phone).orElse("not set"));
        providers.put("sendgridApiKey", masked.apply(config.sendgrid().apiKey()));
        providers.put("sendgridWebhookPublicKey", masked.apply(config.sendgrid().webhookPublicKey()));
        providers.put("openaiApiKey", masked.apply(config.openai().apiKey()));
        providers.put("googlePlacesApiKey", masked.apply(config.places().apiKey()));
        providers.put("zerobounceApiKey", masked.apply(config.verifier().apiKey()));
        providers.put("dkimSelector", config.dkim().selector().orElse("not set"));
        providers.put(
                "dkimPrivateKeyPath",
                config.dkim().privateKeyPath().map(path -> "set").orElse("not set"));
        providers.put(
                "spamd",
                config.spamd()
                        .host()
                        .map(host -> host + ":" + config.spamd().port())
                        .orElse("not set"));
        return new SettingsView(
                safety,
                limits,
                sender,
                providers,
                status.unavailable(),
                senderDomain == null ? null : senderDomain.summary(),
                SenderIdentity.placeholders(s));
    }

    private static String masked(Optional<String> secret) {
        return secret.map(Masking::secret).orElse("not set");
    }
}
