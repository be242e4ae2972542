package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.jurisdiction.Jurisdiction;
import dev.outreach.jurisdiction.RecipientFacts;
import dev.outreach.lead.LeadStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The gate's rules about whom we contact: the lead's state, opt-outs, the Do-Not-Call list, the law of
 * the recipient's country and the agency's CRM. Part of {@link ComplianceGate}, which
 * asks them in its one order; apart only so that each file stays short.
 */
final class ContactRules {

    private static final Set<LeadStatus> CONTACTABLE = EnumSet.of(LeadStatus.VERIFIED, LeadStatus.CONTACTED);

    private ContactRules() {}

    static Verdict leadStatus(ContactFacts facts) {
        LeadStatus status = facts.leadStatus();
        if (status == LeadStatus.REPLIED) {
            return Verdict.refuse(Rule.LEAD_STATUS, "the lead replied; its sequence has stopped", null);
        }
        if (status == LeadStatus.MEETING_BOOKED) {
            return Verdict.refuse(Rule.LEAD_STATUS, "the lead booked a meeting; its sequence has stopped", null);
        }
        if (!CONTACTABLE.contains(status)) {
            return Verdict.refuse(Rule.LEAD_STATUS, "lead is " + status.dbValue(), null);
        }
        if (!facts.contactVerified()) {
            return Verdict.refuse(
                    Rule.LEAD_STATUS,
                    "the lead's " + (facts.channel() == Channel.EMAIL ? "email" : "phone") + " is not verified",
                    null);
        }
        return Verdict.pass(Rule.LEAD_STATUS, "lead is " + status.dbValue() + " with a verified contact");
    }

    static Verdict optOut(ContactFacts facts) {
        return facts.optedOut()
                ? Verdict.refuse(Rule.OPT_OUT, "the contact opted out", null)
                : Verdict.pass(Rule.OPT_OUT, "no opt-out for the lead's contacts");
    }

    static Verdict doNotCall(ContactFacts facts) {
        if (!facts.channel().usesPhone()) {
            return Verdict.notApplicable(Rule.DO_NOT_CALL, "email");
        }
        return facts.onDoNotCallList()
                ? Verdict.refuse(Rule.DO_NOT_CALL, "the number is on the Do-Not-Call list", null)
                : Verdict.pass(Rule.DO_NOT_CALL, "not on the Do-Not-Call list");
    }

    /** The law of the recipient's country: the reason names the country, the law and the evidence. */
    static Verdict jurisdiction(ContactFacts facts, Policy policy, Instant now) {
        RecipientFacts recipient = facts.recipient();
        if (recipient == null) {
            return Verdict.notApplicable(Rule.JURISDICTION, "the recipient's country is not known to the gate");
        }
        Jurisdiction.Judgement judged = Jurisdiction.judge(policy.countries().of(recipient.country()), recipient, now);
        return judged.allowed()
                ? Verdict.pass(Rule.JURISDICTION, judged.reason())
                : Verdict.refuse(Rule.JURISDICTION, judged.reason(), null);
    }

    /**
     * The agency's own CRM is the truth about its customers: a customer or an open deal is not
     * cold-contacted, and the reason names the CRM, the record and what it says.
     */
    static Verdict crmCustomer(ContactFacts facts) {
        ContactFacts.CrmRecord crm = facts.crm();
        if (crm == null) {
            return Verdict.pass(Rule.CRM_CUSTOMER, "not a customer or an open deal in the CRM");
        }
        return Verdict.refuse(
                Rule.CRM_CUSTOMER,
                crm.system() + " record " + crm.recordId() + ": " + crm.evidence()
                        + (crm.url() == null ? "" : " (" + crm.url() + ")")
                        + "; the agency's own customers are not cold-contacted",
                null);
    }
}
