package dev.outreach.compose;

import dev.outreach.contact.Channel;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The deterministic writer (R-3.2 fallback): same lead, same words. Texts are templates in
 * {@code templates/compose}; the sender and the pitch are configuration.
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
        OutreachConfig.Sender s = live.current().sender();
        return new TemplateBook.Sender(s.name(), s.company(), s.pitch(), s.schedulingUrl().toString());
    }

    /** The first email of an outreach: the admin's template (a variant at random), else the shipped one. */
    public Draft write(Recipient lead) {
        Optional<Draft> saved = book.write(TemplateBook.Step.FIRST, lead, sender());
        if (saved.isPresent()) {
            return saved.get();
        }
        OutreachConfig.Sender sender = live.current().sender();
        String subject = Templates.subject(lead).render().strip();
        String body = Templates.body(lead, sender.name(), sender.company(), sender.pitch(),
                sender.schedulingUrl().toString())
                .render().strip();
        return new Draft(subject, body, Method.TEMPLATE);
    }

    /** What a step of a sequence says on its channel: first email, follow-up email, call or text. */
    public Draft write(Recipient lead, Channel channel, int step) {
        OutreachConfig.Sender sender = live.current().sender();
        String link = sender.schedulingUrl().toString();
        if (channel == Channel.EMAIL && step > 1 || channel.usesPhone() && channel != Channel.CALL) {
            Optional<Draft> saved = book.write(channel == Channel.EMAIL ? TemplateBook.Step.FOLLOW_UP
                    : TemplateBook.Step.TEXT, lead, sender());
            if (saved.isPresent()) {
                return saved.get();
            }
        }
        return switch (channel) {
            case EMAIL -> step == 1 ? write(lead)
                    : new Draft(Templates.followUpSubject(lead).render().strip(),
                            Templates.followUpBody(lead, sender.name(), sender.company(), sender.pitch(), link)
                                    .render().strip(),
                            Method.TEMPLATE);
            case CALL -> new Draft(null, callGreeting(lead.businessName()), Method.TEMPLATE);
            case SMS, WHATSAPP -> new Draft(null,
                    Templates.text(lead, sender.name(), sender.company(), sender.pitch(), link).render().strip(),
                    Method.TEMPLATE);
        };
    }

    /** What the call says when a person answers: identity, purpose, the question. */
    public String callGreeting(String businessName) {
        OutreachConfig.Sender sender = live.current().sender();
        return Templates.callGreeting(businessName, sender.name(), sender.company(), sender.pitch(), callback())
                .render().strip();
    }

    /** What the call leaves on an answering machine. */
    public String callVoicemail(String businessName) {
        OutreachConfig.Sender sender = live.current().sender();
        return Templates.callVoicemail(businessName, sender.name(), sender.company(), sender.email(), sender.pitch(),
                callback()).render().strip();
    }

    /** The number a callee can call back on, spoken digit by digit. */
    String callback() {
        String number = config.call().callbackNumber().or(() -> config.twilio().fromNumber()).orElse("");
        return number.isBlank() ? "the number shown on your phone" : String.join(" ", number.split(""));
    }

    /** The last words of a call, after the answer was understood (or not). */
    public String callClosing(String intent) {
        OutreachConfig.Sender sender = live.current().sender();
        return Templates.callClosing(intent, sender.name(), sender.company()).render().strip();
    }
}
