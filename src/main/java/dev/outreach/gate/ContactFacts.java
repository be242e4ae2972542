package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.deliverability.Sending;
import dev.outreach.jurisdiction.RecipientFacts;
import dev.outreach.lead.LeadStatus;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Everything the gate needs to know about one intended contact, loaded from the database in the
 * claiming transaction (under the locks that make caps hold across replicas).
 *
 * @param sequenceStep 1 for a new outreach; follow-ups of the same sequence are 2, 3 …
 * @param contactVerified the channel's contact (email or phone) passed verification
 * @param optedOut the recipient or another contact of the lead is on the opt-out list
 * @param usedToday contacts of this channel already spent today (in the same mode, live or dry-run)
 * @param usedTodayInCountry calls already spent today to {@code country}
 * @param domainSentLastHour emails to {@code recipientDomain} in the last 60 minutes
 * @param oldestDomainSendInHour the oldest of those, to know when the throttle frees up
 * @param leadZone the lead's time zone (its own, from its number, or the business default)
 * @param answer the operator's answer to something the contact wrote, not cold outreach
 * @param recipient what the law of the recipient's country asks about; null when unknown
 * @param sending the sending domain's DNS verdict, brake and warm-up; null when not loaded
 * @param crm what the agency's CRM says makes the lead a customer or an open deal; null when nothing
 */
public record ContactFacts(
        Channel channel,
        int sequenceStep,
        LeadStatus leadStatus,
        boolean contactVerified,
        boolean optedOut,
        boolean onDoNotCallList,
        Instant lastContactedAt,
        Instant cooldownUntil,
        int usedToday,
        int usedTodayInCountry,
        String country,
        String recipientDomain,
        int domainSentLastHour,
        Instant oldestDomainSendInHour,
        ZoneId leadZone,
        boolean answer,
        RecipientFacts recipient,
        Sending sending,
        CrmRecord crm) {

    /**
     * A CRM record that excludes the lead from cold outreach: the system, the record's id, what it says
     * ("lifecyclestage = customer", "open deal 12") and where to see it.
     */
    public record CrmRecord(String system, String recordId, String evidence, String url) {}

    /** The facts without the CRM's. */
    public ContactFacts(
            Channel channel,
            int sequenceStep,
            LeadStatus leadStatus,
            boolean contactVerified,
            boolean optedOut,
            boolean onDoNotCallList,
            Instant lastContactedAt,
            Instant cooldownUntil,
            int usedToday,
            int usedTodayInCountry,
            String country,
            String recipientDomain,
            int domainSentLastHour,
            Instant oldestDomainSendInHour,
            ZoneId leadZone,
            boolean answer,
            RecipientFacts recipient,
            Sending sending) {
        this(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                answer,
                recipient,
                sending,
                null);
    }

    /** The same facts with the CRM's. */
    public ContactFacts withCrm(CrmRecord record) {
        return new ContactFacts(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                answer,
                recipient,
                sending,
                record);
    }

    /** The facts of an outreach or an answer, without the sending domain's. */
    public ContactFacts(
            Channel channel,
            int sequenceStep,
            LeadStatus leadStatus,
            boolean contactVerified,
            boolean optedOut,
            boolean onDoNotCallList,
            Instant lastContactedAt,
            Instant cooldownUntil,
            int usedToday,
            int usedTodayInCountry,
            String country,
            String recipientDomain,
            int domainSentLastHour,
            Instant oldestDomainSendInHour,
            ZoneId leadZone,
            boolean answer,
            RecipientFacts recipient) {
        this(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                answer,
                recipient,
                null);
    }

    /** The same facts with the sending domain's. */
    public ContactFacts withSending(Sending facts) {
        return new ContactFacts(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                answer,
                recipient,
                facts,
                crm);
    }

    /** The facts of an outreach or an answer, without the recipient's jurisdiction. */
    public ContactFacts(
            Channel channel,
            int sequenceStep,
            LeadStatus leadStatus,
            boolean contactVerified,
            boolean optedOut,
            boolean onDoNotCallList,
            Instant lastContactedAt,
            Instant cooldownUntil,
            int usedToday,
            int usedTodayInCountry,
            String country,
            String recipientDomain,
            int domainSentLastHour,
            Instant oldestDomainSendInHour,
            ZoneId leadZone,
            boolean answer) {
        this(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                answer,
                null);
    }

    /** The facts of an outreach (not an answer). */
    public ContactFacts(
            Channel channel,
            int sequenceStep,
            LeadStatus leadStatus,
            boolean contactVerified,
            boolean optedOut,
            boolean onDoNotCallList,
            Instant lastContactedAt,
            Instant cooldownUntil,
            int usedToday,
            int usedTodayInCountry,
            String country,
            String recipientDomain,
            int domainSentLastHour,
            Instant oldestDomainSendInHour,
            ZoneId leadZone) {
        this(
                channel,
                sequenceStep,
                leadStatus,
                contactVerified,
                optedOut,
                onDoNotCallList,
                lastContactedAt,
                cooldownUntil,
                usedToday,
                usedTodayInCountry,
                country,
                recipientDomain,
                domainSentLastHour,
                oldestDomainSendInHour,
                leadZone,
                false);
    }
}
