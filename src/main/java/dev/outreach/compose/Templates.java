package dev.outreach.compose;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Type-checked email templates: an error in them fails the build, not a campaign. */
@CheckedTemplate(basePath = "compose")
final class Templates {

    private Templates() {}

    static native TemplateInstance subject(Recipient lead);

    static native TemplateInstance body(
            Recipient lead, String senderName, String senderCompany, String pitch, String schedulingUrl);

    static native TemplateInstance followUpSubject(Recipient lead);

    static native TemplateInstance followUpBody(
            Recipient lead, String senderName, String senderCompany, String pitch, String schedulingUrl);

    static native TemplateInstance text(
            Recipient lead, String senderName, String senderCompany, String pitch, String schedulingUrl);

    static native TemplateInstance footer(
            String senderName,
            String senderCompany,
            String senderAddress,
            String notice,
            String objection,
            String unsubscribe,
            String privacy);
}
