package dev.outreach.compose;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Type-checked email templates: an error in them fails the build, not a campaign. */
@CheckedTemplate(basePath = "compose")
final class Templates {

    private Templates() {
    }

    static native TemplateInstance subject(Recipient lead);

    static native TemplateInstance body(Recipient lead, String senderName, String senderCompany, String schedulingUrl);

    static native TemplateInstance footer(String businessName, String senderName, String senderCompany,
            String senderAddress, String unsubscribeUrl, String privacyUrl);
}
