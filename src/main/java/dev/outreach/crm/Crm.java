package dev.outreach.crm;

import java.time.Instant;
import java.util.List;

/**
 * The agency's CRM as Outreach needs it: one adapter per product, each behind timeouts, a
 * circuit breaker and a rate limiter below the provider's burst limit. Every write is idempotent by
 * something we own: the contact by the custom property {@code outreach_lead_id}, a note or a deal by
 * the push's marker, so a retry after a timeout finds the record instead of making a second.
 * Failures are {@link CrmFailure}s: busy (try later), token refused, or refused for good.
 */
public interface Crm {

    CrmSystem system();

    /** The token is set. */
    boolean configured();

    /**
     * The lead's contact: found by our lead id, or created with it; an existing contact with the same
     * email (the CRM refuses a second) is linked instead, and only our id is written to it.
     */
    ContactRef contact(CrmLead lead);

    /**
     * A note on the contact, once: when {@code retry} is true the note carrying {@code marker} is looked
     * for first. Returns the note's id.
     */
    String note(ContactRef contact, String marker, String html, Instant at, boolean retry);

    /** A deal for the contact, once (looked for by {@code marker} on a retry). Returns the deal's id. */
    String deal(ContactRef contact, String marker, String title, boolean retry);

    /** Contacts changed after {@code since}, oldest first, at most {@code limit} of them. */
    List<CrmChange> changedSince(Instant since, int limit);

    /** Where the operator sees the contact in the CRM. */
    String contactUrl(String contactId);

    /** A contact in the CRM. {@code linkedBy} says how we found it: {@code created}, {@code our_id} or {@code email}. */
    record ContactRef(String id, String companyId, String url, String linkedBy) {}

    /** What a contact is made of, from the lead. */
    record CrmLead(
            long leadId,
            String businessName,
            String contactName,
            String email,
            String phone,
            String website,
            String city,
            String country) {}

    /**
     * A contact as the CRM has it now.
     *
     * @param outreachLeadId our lead id when the contact carries it, else null
     * @param doNotContact the CRM marks the contact as not to be contacted
     * @param customer a customer (HubSpot lifecycle stage customer or evangelist; Pipedrive a won deal)
     * @param openDeal the contact has an open deal
     * @param evidence in words, what the CRM says, e.g. "lifecyclestage = customer"
     * @param name the person's name, if any
     * @param company the business's name as the CRM has it, if any
     * @param city the contact's city, if any
     */
    record CrmChange(
            String contactId,
            Long outreachLeadId,
            String email,
            String phone,
            boolean doNotContact,
            boolean customer,
            boolean openDeal,
            String evidence,
            Instant modifiedAt,
            String name,
            String company,
            String city) {

        /** The record and what it says: "HubSpot contact 601: lifecyclestage = customer". */
        public String named(CrmSystem system) {
            return system.label() + (system == CrmSystem.PIPEDRIVE ? " person " : " contact ") + contactId + ": "
                    + evidence;
        }
    }
}
