package dev.outreach.config;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * Providers that call us or that we call for words: SendGrid's webhooks, Cal.com,
 * Calendly and OpenAI.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class ProvidersConfig {

    private ProvidersConfig() {}

    public interface SendGrid {
        Optional<String> apiKey();

        /** Base64 ECDSA public key of the signed Event Webhook. */
        Optional<String> webhookPublicKey();

        @WithDefault("https://api.sendgrid.com")
        URI baseUrl();
    }

    public interface Calcom {
        /** {@code OUTREACH_CALCOM_WEBHOOK_SECRET}: the secret set on the webhook in Cal.com's settings. */
        Optional<String> webhookSecret();
    }

    public interface Calendly {
        /** {@code OUTREACH_CALENDLY_WEBHOOK_SIGNING_KEY}: the signing key of the webhook subscription. */
        Optional<String> webhookSigningKey();
    }

    public interface OpenAi {
        Optional<String> apiKey();
    }
}
