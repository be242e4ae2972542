package dev.outreach.compose;

import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The compliance footer, in the lead's language from words a person wrote ({@link FixedWords}): sender identity, postal address, a one-click unsubscribe link with
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
    public String render(
            Language language, String businessName, String unsubscribeUrl, String foundAt, boolean objection) {
        CampaignConfig.Sender sender = live.current().sender();
        String notice = foundAt != null
                ? FixedWords.of(language, "footer.foundAt", "foundAt", foundAt, "business", businessName)
                : FixedWords.of(language, "footer.listed", "business", businessName);
        return Templates.footer(
                        sender.name(),
                        sender.company(),
                        sender.address(),
                        notice,
                        objection ? FixedWords.of(language, "footer.objection") : null,
                        FixedWords.of(language, "footer.unsubscribe", "url", unsubscribeUrl),
                        FixedWords.of(
                                language,
                                "footer.privacy",
                                "url",
                                sender.privacyUrl().toString()))
                .render()
                .strip();
    }

    /** The full text that leaves: body, a blank line, the footer in the lead's language. */
    public String append(
            Language language,
            String body,
            String businessName,
            String unsubscribeUrl,
            String foundAt,
            boolean objection) {
        return body.strip() + "\n\n" + render(language, businessName, unsubscribeUrl, foundAt, objection) + "\n";
    }
}
