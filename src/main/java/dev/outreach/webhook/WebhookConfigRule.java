package dev.outreach.webhook;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** The secrets that protect the webhooks must be usable: SendGrid's public key, the inbound secret. */
@Singleton
public class WebhookConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        config.sendgrid().webhookPublicKey().filter(key -> !key.isBlank()).ifPresent(key -> {
            try {
                SendGridSignatures.parse(key);
            } catch (IllegalArgumentException e) {
                problems.add("SENDGRID_WEBHOOK_PUBLIC_KEY is not a base64 EC public key (copy it from SendGrid's "
                        + "Signed Event Webhook settings)");
            }
        });
        config.inboundSecret().ifPresent(secret -> {
            if (secret.length() < 24) {
                problems.add("OUTREACH_INBOUND_SECRET must be at least 24 characters long");
            }
        });
        if (TwilioVoiceRoutes.voice(config.call().voice()).isEmpty()) {
            problems.add("OUTREACH_CALL_VOICE " + config.call().voice() + " is not a Twilio voice (e.g. Polly.Raveena, "
                    + "Polly.Aditi, alice)");
        }
        if (TwilioVoiceRoutes.sayLanguage(config.call().language()).isEmpty()) {
            problems.add("OUTREACH_CALL_LANGUAGE " + config.call().language() + " is not a language Twilio speaks "
                    + "(e.g. en-IN, hi-IN, en-US)");
        }
        return problems;
    }
}
