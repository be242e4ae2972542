package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.lead.LeadStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A due message and what the claiming query learnt about its lead, before the gate has looked at
 * opt-outs, lists and counters.
 *
 * @param lastContactedAt the lead's latest real contact in the same mode (live or dry-run), this message excluded
 * @param dryRun whether this contact would be simulated (the message's own flag or the global safety mode)
 * @param answer the operator's answer to the contact's reply: it spends no cap
 * @param countryFrom how {@code country} was found: the lead's country, its phone number, the business default
 * @param provenance where the contact value was found, in words, or null when unknown
 * @param lineType the phone's line type as verification recorded it ({@code landline}, {@code mobile} …), or null
 */
public record Candidate(
        UUID messageId,
        long leadId,
        Channel channel,
        int sequenceStep,
        String recipient,
        String recipientDomain,
        String country,
        LeadStatus leadStatus,
        boolean contactVerified,
        String leadEmail,
        String leadPhone,
        Instant lastContactedAt,
        Instant cooldownUntil,
        ZoneId leadZone,
        boolean dryRun,
        boolean answer,
        String countryFrom,
        String provenance,
        String lineType) {}
