package dev.outreach.config;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which providers have the credentials they need. The app starts without any of them;
 * a channel without its provider is reported here and refused at send time, never half-used.
 */
@Singleton
public class ProviderStatus {

    private final OutreachConfig config;

    ProviderStatus(OutreachConfig config) {
        this.config = config;
    }

    /** Unset, quarkus-mailer mocks in dev and test mode and sends in production. */
    @ConfigProperty(name = "quarkus.mailer.mock")
    Optional<Boolean> mailerMock;

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true")
    boolean oidcEnabled;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> oidcServer;

    public boolean emailAvailable() {
        return switch (config.email().provider()) {
            case smtp -> true;
            case sendgrid -> config.sendgrid().apiKey().isPresent();
        };
    }

    /** Whether SMTP mail is only written to the log (quarkus-mailer's mock). */
    public boolean mailerMock() {
        return mailerMock.orElse(io.quarkus.runtime.LaunchMode.current().isDevOrTest());
    }

    public boolean twilioAvailable() {
        PhoneConfig.Twilio twilio = config.twilio();
        return twilio.accountSid().isPresent()
                && twilio.authToken().isPresent()
                && twilio.fromNumber().isPresent();
    }

    public boolean aiAvailable() {
        return config.openai().apiKey().isPresent();
    }

    public boolean placesAvailable() {
        return config.places().apiKey().isPresent();
    }

    public boolean emailVerifierAvailable() {
        return config.verifier().apiKey().isPresent();
    }

    public boolean sendgridWebhookAvailable() {
        return config.sendgrid().webhookPublicKey().isPresent();
    }

    public boolean loginAvailable() {
        return oidcEnabled && oidcServer.isPresent();
    }

    /** One sentence per missing capability, naming the variables that switch it on. */
    public List<String> unavailable() {
        List<String> missing = new ArrayList<>();
        if (!emailAvailable()) {
            missing.add("email (OUTREACH_EMAIL_PROVIDER=sendgrid needs SENDGRID_API_KEY)");
        } else if (mailerMock()) {
            missing.add("email over SMTP is mocked (quarkus.mailer.mock=true): mails are only logged");
        }
        if (!twilioAvailable()) {
            missing.add("voice, SMS and WhatsApp (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)");
        }
        if (!aiAvailable()) {
            missing.add("AI personalisation, the template is used (OPENAI_API_KEY)");
        }
        if (!placesAvailable()) {
            missing.add("Google Places lead source (GOOGLE_PLACES_API_KEY)");
        }
        if (!emailVerifierAvailable()) {
            missing.add("provider email verification, local checks only (ZEROBOUNCE_API_KEY)");
        }
        if (!sendgridWebhookAvailable()) {
            missing.add("SendGrid event webhook, every event is refused (SENDGRID_WEBHOOK_PUBLIC_KEY)");
        }
        if (!loginAvailable()) {
            missing.add(
                    "console login (QUARKUS_OIDC_AUTH_SERVER_URL, QUARKUS_OIDC_CLIENT_ID, QUARKUS_OIDC_CREDENTIALS_SECRET)");
        }
        return missing;
    }
}
