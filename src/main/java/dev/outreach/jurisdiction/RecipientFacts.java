package dev.outreach.jurisdiction;

import dev.outreach.contact.Channel;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What the jurisdiction rule needs to know about one intended contact.
 *
 * @param country         ISO alpha-2 of the recipient
 * @param countryFrom     how the country was found: the lead's country, its phone number, or the business default
 * @param consent         the strongest consent on record for this contact and channel, or null
 * @param lineType        the number's line type (calls and texts), else null
 * @param provenance      where the contact value was found, in words, or null when we do not know
 * @param contactWroteAt  when the contact last wrote to us on this channel (WhatsApp's 24-hour window), or null
 * @param dlt             India's DLT registration as configured
 * @param ncprUploadedOn  the day the latest NCPR/DND preference list was uploaded, or null
 * @param whatsAppTemplate an approved WhatsApp template is configured (OUTREACH_WHATSAPP_CONTENT_SID)
 */
public record RecipientFacts(
        String country,
        String countryFrom,
        Channel channel,
        Consent consent,
        LineType lineType,
        String provenance,
        Instant contactWroteAt,
        Dlt dlt,
        LocalDate ncprUploadedOn,
        boolean whatsAppTemplate) {

    /** Whether the contact wrote on this channel within WhatsApp's 24 hours before {@code now}. */
    public boolean inWhatsAppWindow(Instant now) {
        return Jurisdiction.inWhatsAppWindow(contactWroteAt, now);
    }

    /** A consent record that covers the contact and the channel. */
    public record Consent(long id, ConsentLevel level) {}

    /** The DLT settings: what is configured, and what is wrong with it (null when nothing). */
    public record Dlt(boolean entity, boolean smsTemplate, boolean callerId, String problem) {

        public static final Dlt NONE = new Dlt(false, false, false, null);
    }
}
