package dev.outreach.compose;

import dev.outreach.config.LiveSettings;
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
    private final LiveSettings live;

    EmailFooter(OutreachConfig config, LiveSettings live) {
        this.config = config;
        this.live = live;
    }

    /**
     * The footer. {@code foundAt} says where the address was found (GDPR Art 14, R-13.5), null when we
     * do not know; {@code objection} adds the right to object (GDPR Art 21) for the EU/EEA and GB.
     */
    public String render(String businessName, String unsubscribeUrl, String foundAt, boolean objection) {
        OutreachConfig.Sender sender = live.current().sender();
        return Templates.footer(businessName, sender.name(), sender.company(), sender.address(), unsubscribeUrl,
                sender.privacyUrl().toString(), foundAt, objection).render().strip();
    }

    /** The full text that leaves: body, a blank line, the footer. */
    public String append(String body, String businessName, String unsubscribeUrl, String foundAt, boolean objection) {
        return body.strip() + "\n\n" + render(businessName, unsubscribeUrl, foundAt, objection) + "\n";
    }
}
