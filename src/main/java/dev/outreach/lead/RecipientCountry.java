package dev.outreach.lead;

import dev.outreach.audit.Masking;
import dev.outreach.contact.Contacts;
import java.util.Optional;

/**
 * The country whose law applies to a contact, and how it was found, for the proof: the
 * message's or the lead's country, else the region of the number we call or text (or of the lead's
 * phone), else the business default.
 */
public record RecipientCountry(String code, String from) {

    public static RecipientCountry of(String own, String phone, String defaultRegion) {
        if (own != null) {
            return new RecipientCountry(own, "the lead's country");
        }
        Optional<String> region = phone == null ? Optional.empty() : Contacts.countryOf(phone);
        return region.map(r -> new RecipientCountry(r, "the region of " + Masking.phone(phone)))
                .orElseGet(() -> new RecipientCountry(defaultRegion, "the business default OUTREACH_DEFAULT_REGION"));
    }
}
