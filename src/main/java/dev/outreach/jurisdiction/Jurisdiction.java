package dev.outreach.jurisdiction;

import dev.outreach.contact.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's rule {@code jurisdiction}: whether the law of the recipient's country allows
 * this contact on this channel, and on what evidence. Pure: the same policy, facts and instant give
 * the same judgement. The reason always names the country (and how it was found), the law, and
 * either the evidence (a consent id, where the address was published, the notice) or what would
 * allow the contact.
 */
public final class Jurisdiction {

    /** How old the NCPR/DND list may be before India's calls and texts stop (TCCCPR: scrub against a current list). */
    public static final Duration NCPR_MAX_AGE = Duration.ofDays(7);
    /** WhatsApp's customer-service window: free text only this long after the contact wrote. */
    public static final Duration WHATSAPP_WINDOW = Duration.ofHours(24);

    private Jurisdiction() {}

    /** Whether a contact who wrote at {@code wroteAt} (null: never) is inside WhatsApp's 24 hours at {@code now}. */
    public static boolean inWhatsAppWindow(Instant wroteAt, Instant now) {
        return wroteAt != null && !wroteAt.plus(WHATSAPP_WINDOW).isBefore(now);
    }

    /** Whether the contact may happen, and why, in words an operator reads. */
    public record Judgement(boolean allowed, String reason) {}

    public static Judgement judge(CountryPolicy country, RecipientFacts facts, Instant now) {
        ChannelPolicy rule = country.channel(facts.channel());
        String where = facts.country() + " (" + facts.countryFrom() + "), " + country.name() + ", " + rule.law();
        List<String> missing = new ArrayList<>();
        for (Prerequisite p : rule.requires()) {
            prerequisite(p, facts, now).ifPresent(missing::add);
        }
        String evidence = null;
        switch (rule.basis()) {
            case NONE -> evidence = "no prior consent needed";
            case NOTICE ->
                evidence = facts.channel() == Channel.EMAIL
                        ? "legitimate interest, with the footer's notice of where the address came from"
                                + (country.objectionNotice() ? " and of the right to object" : "")
                        : "legitimate interest, with the opt-out in the message";
            case PUBLISHED -> {
                if (facts.consent() != null && facts.consent().level().atLeast(rule.consent())) {
                    evidence = "consent " + facts.consent().id() + " ("
                            + facts.consent().level().key() + ")";
                } else if (facts.provenance() != null) {
                    evidence = "the address was published: " + facts.provenance();
                } else {
                    missing.add("a record of where the address was published, or a consent record "
                            + "(POST /api/consents)");
                }
            }
            case CONSENT -> {
                if (rule.landlineExempt() && facts.lineType() == LineType.FIXED_LINE) {
                    evidence = "a business landline, which needs no consent";
                } else if (facts.consent() != null && facts.consent().level().atLeast(rule.consent())) {
                    evidence = "consent " + facts.consent().id() + " ("
                            + facts.consent().level().key() + ")";
                } else {
                    missing.add((facts.consent() == null
                                    ? "a consent record"
                                    : "a stronger consent than consent "
                                            + facts.consent().id() + " ("
                                            + facts.consent().level().key() + ")")
                            + " for " + facts.channel().dbValue() + " of at least "
                            + rule.consent().key()
                            + (rule.landlineExempt()
                                    ? (facts.lineType() == LineType.MOBILE
                                            ? " (the number is a mobile)"
                                            : " (the number may be a mobile)")
                                    : "")
                            + " (POST /api/consents)");
                }
            }
        }
        if (facts.channel() == Channel.WHATSAPP && missing.isEmpty()) {
            if (facts.inWhatsAppWindow(now)) {
                evidence = evidence + "; the contact wrote at " + facts.contactWroteAt()
                        + ", inside WhatsApp's 24 hours: free text";
            } else if (facts.whatsAppTemplate()) {
                evidence = evidence + "; outside WhatsApp's 24 hours, so the approved template is sent";
            } else {
                missing.add("an approved WhatsApp template (OUTREACH_WHATSAPP_CONTENT_SID) for a message outside the "
                        + "24 hours after the contact wrote");
            }
        }
        if (!missing.isEmpty()) {
            return new Judgement(false, where + ": needs " + String.join("; and ", missing));
        }
        return new Judgement(true, where + ": " + evidence);
    }

    private static java.util.Optional<String> prerequisite(Prerequisite p, RecipientFacts facts, Instant now) {
        return switch (p) {
            case DLT -> {
                RecipientFacts.Dlt dlt = facts.dlt();
                if (dlt.problem() != null) {
                    yield java.util.Optional.of("a valid DLT registration: " + dlt.problem());
                }
                if (!dlt.entity()) {
                    yield java.util.Optional.of("a DLT registration (OUTREACH_DLT_ENTITY_ID)");
                }
                if (facts.channel() == Channel.CALL && !dlt.callerId()) {
                    yield java.util.Optional.of("a 140-series caller id registered on DLT (OUTREACH_DLT_CALLER_ID)");
                }
                if (facts.channel() != Channel.CALL && !dlt.smsTemplate()) {
                    yield java.util.Optional.of("a registered SMS header and template (OUTREACH_DLT_SMS_HEADER, "
                            + "OUTREACH_DLT_SMS_TEMPLATE_ID)");
                }
                yield java.util.Optional.empty();
            }
            case NCPR -> {
                LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
                if (facts.ncprUploadedOn() == null) {
                    yield java.util.Optional.of("a NCPR/DND preference list uploaded in the last 7 days (none "
                            + "uploaded; POST /api/dnc with source NCPR)");
                }
                if (facts.ncprUploadedOn().plusDays(NCPR_MAX_AGE.toDays()).isBefore(today)) {
                    yield java.util.Optional.of("a NCPR/DND preference list uploaded in the last 7 days (the latest is "
                            + "from " + facts.ncprUploadedOn() + ")");
                }
                yield java.util.Optional.empty();
            }
        };
    }
}
