package dev.outreach.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;

/**
 * Calls, SMS and WhatsApp: the calling window and caps, Twilio, India's DLT registration and
 * the WhatsApp template.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class PhoneConfig {

    private PhoneConfig() {}

    /** Voice channel. */
    public interface Call {
        /** Calls per day in the business time zone. */
        @WithDefault("100")
        @Min(value = 0, message = "OUTREACH_CALL_DAILY_CAP must be 0 or more")
        int dailyCap();

        /** Calls per day per destination country (ISO 3166 alpha-2 → cap); others use the daily cap. */
        Map<String, @Min(value = 0, message = "per-country call caps must be 0 or more") Integer> countryCaps();

        /** Earliest local time of the lead at which a call may start. */
        @WithDefault("11:00")
        LocalTime windowStart();

        /** Latest local time of the lead at which a call may start; after the start. */
        @WithDefault("17:00")
        LocalTime windowEnd();

        /** Calls on Monday to Friday only. */
        @WithDefault("true")
        boolean weekdaysOnly();

        /** Longest a call may last. */
        @WithDefault("PT2M")
        Duration maxDuration();

        /** The voice that speaks the call script (Twilio's {@code <Say voice>}), e.g. Polly.Aditi. */
        @WithDefault("Polly.Raveena")
        String voice();

        /** The language of the call script and of speech recognition, e.g. en-IN or hi-IN. */
        @WithDefault("en-IN")
        @Pattern(regexp = "[a-z]{2,3}-[A-Z]{2}", message = "OUTREACH_CALL_LANGUAGE must look like en-IN or hi-IN")
        String language();

        /** The number the script gives for calling back; TWILIO_FROM_NUMBER when unset. */
        Optional<String> callbackNumber();
    }

    public interface Whatsapp {
        /**
         * The Content SID (HX…) of an approved WhatsApp template with two variables, {{1}} the business's
         * name and {{2}} the sender's company; without it, WhatsApp goes only inside the 24-hour window.
         */
        Optional<String> contentSid();
    }

    public interface Dlt {
        /** The principal entity id of the DLT registration. */
        Optional<String> entityId();

        /** The registered SMS header (sender id), e.g. ACMEWB. */
        Optional<String> smsHeader();

        /** The registered content template id of the promotional SMS. */
        Optional<String> smsTemplateId();

        /** The 140-series number promotional calls come from, e.g. +911401234567. */
        Optional<String> callerId();
    }

    public interface Twilio {
        Optional<String> accountSid();

        Optional<String> authToken();

        Optional<String> fromNumber();

        /** Another host for the Twilio REST API (tests, proxies); Twilio's own when unset. */
        Optional<URI> baseUrl();
    }
}
