package dev.outreach.compose;

import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The compliance footer: sender identity, postal address, a one-click unsubscribe link with
 * the message's own token, and the privacy policy. Appended at send time, so no edit of the body
 * in the approval queue can remove it.
 */
@ApplicationScoped
public class EmailFooter {

    private final OutreachConfig config;

    EmailFooter(OutreachConfig config) {
        this.config = config;
    }

    public String render(String businessName, String unsubscribeUrl) {
        OutreachConfig.Sender sender = config.sender();
        return Templates.footer(businessName, sender.name(), sender.company(), sender.address(), unsubscribeUrl,
                sender.privacyUrl().toString()).render().strip();
    }

    /** The full text that leaves: body, a blank line, the footer. */
    public String append(String body, String businessName, String unsubscribeUrl) {
        return body.strip() + "\n\n" + render(businessName, unsubscribeUrl) + "\n";
    }
}
