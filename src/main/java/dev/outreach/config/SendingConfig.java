package dev.outreach.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/**
 * How email leaves: SMTP or SendGrid and the daily cap, DKIM, the sender domain check, spamd,
 * the brakes, the warm-up and the outbox.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class SendingConfig {

    private SendingConfig() {}

    /** Email channel. */
    public interface Email {
        /** Emails per day in the business time zone, dry-run included. */
        @WithDefault("100")
        @Min(value = 0, message = "OUTREACH_EMAIL_DAILY_CAP must be 0 or more")
        int dailyCap();

        /** {@code smtp} (quarkus-mailer) or {@code sendgrid} (v3 HTTP API). */
        @WithDefault("smtp")
        EmailProvider provider();
    }

    public enum EmailProvider {
        smtp,
        sendgrid
    }

    public interface Dkim {
        /** {@code OUTREACH_DKIM_SELECTOR}: the {@code s=} of the signature, as published at {@code s._domainkey.}. */
        Optional<String> selector();

        /** {@code OUTREACH_DKIM_PRIVATE_KEY_PATH}: the signing key, a PKCS#8 PEM file. */
        Optional<java.nio.file.Path> privateKeyPath();

        /** {@code OUTREACH_DKIM_DOMAIN}: the {@code d=} of the signature; the sender email's domain when unset. */
        Optional<String> domain();

        default boolean signing() {
            return selector().filter(s -> !s.isBlank()).isPresent();
        }
    }

    public enum DeliverabilityCheck {
        enforce,
        warn
    }

    public interface Spamd {
        Optional<String> host();

        @WithDefault("783")
        int port();

        default boolean configured() {
            return host().filter(h -> !h.isBlank()).isPresent();
        }
    }

    public interface Brake {
        /** {@code OUTREACH_BRAKE_COMPLAINT_RATE}: complaints per delivered email in 7 days (0.001 = 0.1 %). */
        @WithDefault("0.001")
        double complaintRate();

        /** {@code OUTREACH_BRAKE_BOUNCE_RATE}: hard bounces per email sent in 7 days (0.02 = 2 %). */
        @WithDefault("0.02")
        double bounceRate();
    }

    public interface Warmup {
        /** {@code OUTREACH_WARMUP_START}: emails on a new sending domain's first day; 0 switches warm-up off. */
        @WithDefault("20")
        @Min(value = 0, message = "OUTREACH_WARMUP_START must be 0 or more")
        int start();

        /** {@code OUTREACH_WARMUP_DAILY_GROWTH}: the day-on-day growth while no brake fired (0.2 = +20 %). */
        @WithDefault("0.2")
        double dailyGrowth();
    }

    /** How the outbox works through due messages. */
    public interface Outbox {
        /** How often each replica looks for due messages. */
        @WithDefault("PT1S")
        Duration interval();

        /**
         * Messages claimed per transaction. Claims are pulled as senders free up, so a crash holds
         * about this many plus the messages in flight for an operator.
         */
        @WithDefault("16")
        @Min(1)
        @Max(1000)
        int batchSize();

        /**
         * Claims in flight at once per replica. They overlap because the caps' counters are spent last, each
         * only within its cap; one that finds a cap spent meanwhile is tried again.
         */
        @WithDefault("2")
        @Min(1)
        @Max(8)
        int claims();

        /** Provider calls in flight at once per replica. */
        @WithDefault("16")
        @Min(1)
        @Max(256)
        int concurrency();

        /** A message still {@code sending} after this long lost its outcome and is held. */
        @WithDefault("PT5M")
        Duration heldAfter();

        /** Real attempts before a message that providers keep refusing fails. */
        @WithDefault("5")
        @Min(1)
        int maxAttempts();
    }
}
