package dev.outreach.compose;

import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.language.FixedWords;
import dev.outreach.language.Language;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The deterministic writer (R-3.2 fallback): same lead, same words. Texts are templates in
 * {@code templates/compose}; the call's script is fixed words in the lead's language
 * ({@code language/words}); the sender and the pitch are configuration.
 */
@ApplicationScoped
public class TemplateWriter {

    private final OutreachConfig config;
    private final LiveSettings live;
    private final TemplateBook book;

    TemplateWriter(OutreachConfig config, LiveSettings live, TemplateBook book) {
        this.config = config;
        this.live = live;
        this.book = book;
    }

    private TemplateBook.Sender sender() {
        CampaignConfig.Sender s = live.current().sender();
        return new TemplateBook.Sender(
                s.name(), s.company(), s.pitch(), s.schedulingUrl().toString());
    }

    /** The first email of an outreach: the admin's template (a variant at random), else the shipped one. */
    public Draft write(Recipient lead) {
        Optional<Draft> saved = book.write(TemplateBook.Step.FIRST, lead, sender());
        if (saved.isPresent()) {
            return saved.get();
        }
        CampaignConfig.Sender sender = live.current().sender();
        String subject = Templates.subject(lead).render().strip();
        String body = Templates.body(
                        lead,
                        sender.name(),
                        sender.company(),
                        sender.pitch(),
                        sender.schedulingUrl().toString())
                .render()
                .strip();
        return new Draft(subject, body, Method.TEMPLATE);
    }

    /** What a step of a sequence says on its channel: first email, follow-up email, call or text. */
    public Draft write(Recipient lead, Channel channel, int step) {
        CampaignConfig.Sender sender = live.current().sender();
        String link = sender.schedulingUrl().toString();
        if (channel == Channel.EMAIL && step > 1 || channel.usesPhone() && channel != Channel.CALL) {
            Optional<Draft> saved = book.write(
                    channel == Channel.EMAIL ? TemplateBook.Step.FOLLOW_UP : TemplateBook.Step.TEXT, lead, sender());
            if (saved.isPresent()) {
                return saved.get();
            }
        }
        return switch (channel) {
            case EMAIL ->
                step == 1
                        ? write(lead)
                        : new Draft(
                                Templates.followUpSubject(lead).render().strip(),
                                Templates.followUpBody(lead, sender.name(), sender.company(), sender.pitch(), link)
                                        .render()
                                        .strip(),
                                Method.TEMPLATE);
            case CALL -> new Draft(null, callGreeting(lead.businessName(), lead.language()), Method.TEMPLATE);
            case SMS, WHATSAPP ->
                new Draft(
                        null,
                        Templates.text(lead, sender.name(), sender.company(), sender.pitch(), link)
                                .render()
                                .strip(),
                        Method.TEMPLATE);
        };
    }

    /**
     * What the call says when a person answers, in the lead's language: who calls and that
     * the call is automated, the pitch as the owner wrote it, the question with the answers the call
     * understands, how to stop (9 or the stop words) and the number to call back.
     */
    public String callGreeting(String businessName, Language language) {
        CampaignConfig.Sender sender = live.current().sender();
        return String.join(
                " ",
                said(language, "call.greeting", businessName),
                sender.pitch().strip(),
                FixedWords.of(
                        language,
                        "call.question",
                        "yes",
                        FixedWords.of(language, "call.say.yes"),
                        "no",
                        FixedWords.of(language, "call.say.no"),
                        "later",
                        FixedWords.of(language, "call.say.later")),
                FixedWords.of(language, "call.stop"),
                said(language, "call.callback", businessName));
    }

    /** What the call leaves on an answering machine, in the lead's language. */
    public String callVoicemail(String businessName, Language language) {
        CampaignConfig.Sender sender = live.current().sender();
        return String.join(
                " ",
                said(language, "call.voicemail", businessName),
                sender.pitch().strip(),
                said(language, "call.voicemailEnd", businessName));
    }

    /** The last words of a call, after the answer was understood (or not), in the lead's language. */
    public String callClosing(String intent, Language language) {
        return said(language, "call.closing." + intent, null);
    }

    /** Fixed words of the call, the sender's and the lead's names and the callback number filled in. */
    private String said(Language language, String key, String businessName) {
        CampaignConfig.Sender sender = live.current().sender();
        return FixedWords.of(
                language,
                key,
                "senderName",
                sender.name(),
                "senderCompany",
                sender.company(),
                "business",
                businessName,
                "email",
                sender.email(),
                "callback",
                callback(language));
    }

    /** The number a callee can call back on, spoken digit by digit. */
    String callback(Language language) {
        String number = config.call()
                .callbackNumber()
                .or(() -> config.twilio().fromNumber())
                .orElse("");
        return number.isBlank() ? FixedWords.of(language, "call.callbackUnknown") : String.join(" ", number.split(""));
    }
}
