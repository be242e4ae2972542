package dev.outreach.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where leads come from and how they are checked: sources, Google Places, the crawler, the email
 * verifier and what a free-mail address does.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class LeadsConfig {

    private LeadsConfig() {}

    /** Where leads may come from. */
    public interface Sources {
        /**
         * Approved sources; anything else is refused with the reason. {@code crm}: the agency's own CRM's
         * contacts, imported only when the operator asks.
         */
        @WithDefault("api,csv,console,google_places,directory,crm")
        List<String> allowed();
    }

    public interface Places {
        Optional<String> apiKey();

        /** Places API (New). */
        @WithDefault("https://places.googleapis.com")
        URI baseUrl();
    }

    public interface Crawler {
        /** Sent with every request and matched against robots.txt; the public base URL is appended as contact. */
        @WithDefault("OutreachBot/1.0")
        String userAgent();

        /** The least time between two requests to one host; robots.txt may ask for more. */
        @WithDefault("PT1S")
        Duration minDelay();

        /** Pages of one directory listing followed at most. */
        @WithDefault("20")
        @Min(1)
        int maxPages();

        /** Whether private, loopback and link-local addresses may be fetched (never in production). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /**
         * Whether leads with a website and no email get the address the website publishes, in the
         * background, whatever their source ({@code OUTREACH_CRAWLER_DISCOVER_CONTACTS}).
         */
        @WithDefault("true")
        boolean discoverContacts();
    }

    public interface Verifier {
        /** ZeroBounce API key; without it emails are verified locally (syntax, MX, lists). */
        Optional<String> apiKey();

        @WithDefault("https://api.zerobounce.net")
        URI baseUrl();

        /** Ask Twilio Lookup v2 (line type) about every phone; billed per lookup, so off unless chosen. */
        @WithDefault("false")
        boolean twilioLookup();

        /**
         * Domain suffixes treated as receiving mail without a DNS look-up. Dev mode sets
         * {@code .example} so its sample businesses and the README's example can be drafted; production
         * refuses any value.
         */
        Optional<List<String>> assumeDeliverable();

        /** Minimum email confidence to count as verified. */
        @WithDefault("0.7")
        @Min(0)
        @Max(1)
        double emailThreshold();

        /** Minimum phone confidence to count as verified. */
        @WithDefault("0.6")
        @Min(0)
        @Max(1)
        double phoneThreshold();
    }

    /** {@code OUTREACH_FREE_MAIL}. */
    public enum FreeMail {
        REVIEW,
        REJECT
    }
}
