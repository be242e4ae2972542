package dev.outreach.compose;

/** What personalisation may use about a lead: public business facts only. */
public record Recipient(long leadId, String businessName, String category, String city) {
}
