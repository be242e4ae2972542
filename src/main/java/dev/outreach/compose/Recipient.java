package dev.outreach.compose;

import io.quarkus.qute.TemplateData;

/** What personalisation may use about a lead: public business facts only. */
@TemplateData
public record Recipient(long leadId, String businessName, String category, String city) {
}
