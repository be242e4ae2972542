package dev.outreach.settings;

import dev.outreach.audit.Masking;
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
public record SettingsView(Safety safety, Map<String, Object> limits, Map<String, Object> sender,
        Map<String, Object> providers, List<String> unavailable, SenderDomain.Summary senderDomain,
        List<String> senderPlaceholders) {

    /**
     * @param senderDomain the latest check of the sender domain's DNS records, or null before the first
     */
    public static SettingsView of(Safety safety, OutreachConfig config, ProviderStatus status, SenderDomain senderDomain) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("emailDailyCap", config.email().dailyCap());
        limits.put("callDailyCap", config.call().dailyCap());
        limits.put("callCountryCaps", config.call().countryCaps());
        limits.put("domainHourlyCap", config.domainHourlyCap());
        limits.put("cooldownDays", config.cooldownDays());
        limits.put("timezone", config.timezone().getId());
        limits.put("callWindow", config.call().windowStart() + "–" + config.call().windowEnd()
                + (config.call().weekdaysOnly() ? " weekdays" : " every day"));
        limits.put("emailThreshold", config.verifier().emailThreshold());
        limits.put("phoneThreshold", config.verifier().phoneThreshold());
        limits.put("spamThreshold", config.spamThreshold());
        limits.put("deliverabilityCheck", config.deliverabilityCheck().name());
        limits.put("brakeComplaintRate", config.brake().complaintRate());
        limits.put("brakeBounceRate", config.brake().bounceRate());
        limits.put("warmupStart", config.warmup().start());
        limits.put("warmupDailyGrowth", config.warmup().dailyGrowth());

        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("name", config.sender().name());
        sender.put("company", config.sender().company());
        sender.put("address", config.sender().address());
        sender.put("email", config.sender().email());
        sender.put("privacyUrl", config.sender().privacyUrl().toString());
        sender.put("schedulingUrl", config.sender().schedulingUrl().toString());
        sender.put("operatorEmails", config.operatorEmails().filter(list -> !list.isEmpty())
                .map(list -> String.join(", ", list)).orElse("not set: reports and alerts reach nobody"));

        Map<String, Object> providers = new LinkedHashMap<>();
        providers.put("emailProvider", config.email().provider().name());
        providers.put("publicBaseUrl", config.publicBaseUrl().toString());
        providers.put("adminApiKey", masked(config.adminApiKey()));
        providers.put("twilioAccountSid", masked(config.twilio().accountSid()));
        providers.put("twilioAuthToken", masked(config.twilio().authToken()));
        providers.put("twilioFromNumber", config.twilio().fromNumber().map(Masking::phone).orElse("not set"));
        providers.put("sendgridApiKey", masked(config.sendgrid().apiKey()));
        providers.put("sendgridWebhookPublicKey", masked(config.sendgrid().webhookPublicKey()));
        providers.put("openaiApiKey", masked(config.openai().apiKey()));
        providers.put("googlePlacesApiKey", masked(config.places().apiKey()));
        providers.put("zerobounceApiKey", masked(config.verifier().apiKey()));
        providers.put("dkimSelector", config.dkim().selector().orElse("not set"));
        providers.put("dkimPrivateKeyPath", config.dkim().privateKeyPath().map(path -> "set").orElse("not set"));
        providers.put("spamd", config.spamd().host().map(host -> host + ":" + config.spamd().port()).orElse("not set"));
        return new SettingsView(safety, limits, sender, providers, status.unavailable(),
                senderDomain == null ? null : senderDomain.summary(), SenderIdentity.placeholders(config.sender()));
    }

    private static String masked(Optional<String> secret) {
        return secret.map(Masking::secret).orElse("not set");
    }
}
