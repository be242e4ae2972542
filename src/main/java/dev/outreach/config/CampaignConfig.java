package dev.outreach.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.LocalTime;
import java.util.List;

/**
 * Campaigns: the sequence and schedule, and the sender's identity every message carries.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class CampaignConfig {

    private CampaignConfig() {}

    /** Scheduled runs and sequences. */
    public interface Campaign {
        /** Draft the daily email campaign at {@link #dailyEmailAt()} (business time zone). */
        @WithDefault("true")
        boolean dailyEmail();

        /** Local time of the daily email run. */
        @WithDefault("10:00")
        LocalTime dailyEmailAt();

        /** Start a call campaign at the opening of each weekday's calling window. */
        @WithDefault("false")
        boolean dailyCall();

        /**
         * The steps of every outreach: a channel and the days after the previous step, e.g.
         * {@code email,call+3d,email+7d}. A sequence stops for a lead that replies, opts out or bounces.
         * Email only by default: a call step rings a business that never asked to be called, so
         * an admin adds one knowingly, and the gate's jurisdiction rule still applies to each call.
         */
        @WithDefault("email,email+4d")
        List<String> sequence();

        /** A run halts when more than this share of its attempts failed, once it made {@link #haltMinAttempts()}. */
        @WithDefault("0.5")
        @Min(0)
        @Max(1)
        double haltFailureRatio();

        @WithDefault("10")
        @Min(1)
        int haltMinAttempts();
    }

    /** Who the emails and calls come from; placeholders block live sending. */
    public interface Sender {
        @WithDefault(Placeholders.NAME)
        @NotBlank(message = "OUTREACH_SENDER_NAME must not be blank")
        String name();

        @WithDefault(Placeholders.COMPANY)
        @NotBlank(message = "OUTREACH_SENDER_COMPANY must not be blank")
        String company();

        @WithDefault(Placeholders.ADDRESS)
        @NotBlank(message = "OUTREACH_SENDER_ADDRESS must not be blank")
        String address();

        @WithDefault(Placeholders.EMAIL)
        @NotBlank(message = "OUTREACH_SENDER_EMAIL must not be blank")
        String email();

        /** What we offer, in one sentence: used by the email template and the call script. */
        @WithDefault("We help businesses like yours win more customers online with a fast, modern website and simple "
                + "online booking, without the cost of a big agency.")
        String pitch();

        /** Privacy policy linked from every email footer. */
        @WithDefault("https://example.invalid/privacy")
        URI privacyUrl();

        /** Scheduling link offered as the call to action. */
        @WithDefault("https://example.invalid/book")
        URI schedulingUrl();
    }

    /** Default sender values; live sending refuses while any of these is still in use. */
    public static final class Placeholders {
        public static final String NAME = "Your Name";
        public static final String COMPANY = "Your Company (set OUTREACH_SENDER_COMPANY)";
        public static final String ADDRESS = "Your postal address (set OUTREACH_SENDER_ADDRESS)";
        public static final String EMAIL = "outreach@example.invalid";

        private Placeholders() {}
    }
}
