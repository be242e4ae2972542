package dev.outreach.mailbox;

import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import dev.outreach.contact.ContactType;
import dev.outreach.feedback.EmailEvent;
import dev.outreach.feedback.EmailEvents;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.feedback.ReplyIntent;
import dev.outreach.optout.OptOutService;
import dev.outreach.optout.UnsubscribeTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What one mail of the sender's mailbox does: a reply or an auto-reply reaches the reply intake, a
 * bounce or a complaint report becomes an email event, a mail to our List-Unsubscribe address opts its
 * contact out; a delay, or a mail we cannot read, changes nothing. {@link MailboxReader} reads, records and
 * moves the mail; this decides its effect.
 */
@ApplicationScoped
class MailEffects {

    private final ReplyIntake replies;
    private final EmailEvents events;
    private final OptOutService optOuts;
    private final UnsubscribeTokens tokens;
    private final TimeSource clock;

    MailEffects(
            ReplyIntake replies,
            EmailEvents events,
            OptOutService optOuts,
            UnsubscribeTokens tokens,
            TimeSource clock) {
        this.replies = replies;
        this.events = events;
        this.optOuts = optOuts;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * What a mail did. {@code ours}: it is about our outreach (a reply, a report, an unsubscribe), so it may
     * be moved out of the folder when {@code OUTREACH_IMAP_MOVE_TO} says so; personal, unreadable and
     * unmatched mail always stays where the owner expects it.
     */
    record Effect(String outcome, Long leadId, boolean changed, boolean ours) {

        Effect(String outcome, Long leadId, boolean changed) {
            this(outcome, leadId, changed, true);
        }
    }

    /** What this mail does, by its kind. */
    Uni<Effect> of(ReadMail mail) {
        return switch (mail.kind()) {
            case REPLY, AUTO_REPLY -> reply(mail);
            case BOUNCE -> event(mail, EmailEvent.Kind.BOUNCE);
            case COMPLAINT -> event(mail, EmailEvent.Kind.COMPLAINT);
            case UNSUBSCRIBE -> unsubscribe(mail);
            case DELAY ->
                Uni.createFrom()
                        .item(new Effect("delivery delayed (" + mail.detail() + "): nothing to do", null, false));
            case UNREADABLE -> Uni.createFrom().item(new Effect("unreadable: " + mail.detail(), null, false, false));
        };
    }

    private Uni<Effect> reply(ReadMail mail) {
        if (mail.from() == null) {
            return Uni.createFrom().item(new Effect("no sender: kept, not applied", null, false, false));
        }
        InboundReply reply = new InboundReply(
                Channel.EMAIL,
                mail.from(),
                mail.subject(),
                mail.text(),
                mail.references(),
                MailboxReader.PROVIDER,
                mail.key(),
                mail.key().startsWith("<") ? mail.key() : null);
        return replies.concernsUs(reply).flatMap(concerns -> {
            if (!concerns) {
                return Uni.createFrom()
                        .item(new Effect("not about our outreach: left for you in the mailbox", null, false, false));
            }
            Uni<ReplyIntake.Outcome> received = mail.kind() == ReadMail.Kind.AUTO_REPLY
                    ? replies.receive(reply, ReplyIntent.OUT_OF_OFFICE)
                    : replies.receive(reply);
            return received.map(outcome -> outcome.duplicate()
                    ? new Effect("already applied", null, false)
                    : outcome.repeated()
                            ? new Effect(
                                    "another automatic answer: the lead is paused already", outcome.leadId(), false)
                            : new Effect(
                                    "reply: " + outcome.intent().key() + (outcome.optedOut() ? ", opted out" : ""),
                                    outcome.leadId(),
                                    true));
        });
    }

    private Uni<Effect> event(ReadMail mail, EmailEvent.Kind kind) {
        String reference =
                mail.references().isEmpty() ? null : mail.references().get(0);
        if (mail.recipient() == null && reference == null) {
            return Uni.createFrom()
                    .item(new Effect(
                            kind.key() + " report naming no recipient and no message: kept", null, false, false));
        }
        EmailEvent event =
                new EmailEvent(mail.key(), kind, mail.recipient(), null, null, reference, mail.detail(), clock.now());
        return events.apply(MailboxReader.PROVIDER, List.of(event)).map(applied -> {
            if (applied.duplicates() > 0) {
                return new Effect("already applied", null, false);
            }
            return new Effect(
                    kind.key() + (applied.unmatched() > 0 ? " for a message we do not know" : "") + ": "
                            + (mail.recipient() == null ? reference : mail.recipient()) + " (" + mail.detail() + ")",
                    null,
                    applied.unmatched() == 0);
        });
    }

    /** A mail to our List-Unsubscribe address: its token names the contact; without one, the sender asked. */
    private Uni<Effect> unsubscribe(ReadMail mail) {
        return tokens.find(mail.detail()).flatMap(target -> {
            ContactType type = target.map(UnsubscribeTokens.Target::type).orElse(ContactType.EMAIL);
            String value = target.map(UnsubscribeTokens.Target::value).orElse(mail.from());
            if (value == null) {
                return Uni.createFrom()
                        .item(new Effect("unsubscribe without a known contact: kept", null, false, false));
            }
            return optOuts.optOut(type, value, "mailto_unsubscribe", "unsubscribed by email", "contact")
                    .map(result -> new Effect(
                            result.alreadyOptedOut() ? "unsubscribe: had already opted out" : "unsubscribe: opted out",
                            null,
                            !result.alreadyOptedOut()));
        });
    }
}
