package dev.outreach.compose;

import dev.outreach.language.Language;
import io.quarkus.qute.TemplateData;

/**
 * What personalisation may use about a lead: public business facts only, and the language the
 * draft is written in. A typed template sees only the business facts (TemplateSandbox).
 */
@TemplateData
public record Recipient(long leadId, String businessName, String category, String city, Language language) {

    /** A lead written to in English: the template previews' sample. */
    public Recipient(long leadId, String businessName, String category, String city) {
        this(leadId, businessName, category, city, Language.ENGLISH);
    }
}
