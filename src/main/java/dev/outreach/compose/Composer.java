package dev.outreach.compose;

import dev.outreach.config.ProviderStatus;
import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes what one step says to one lead: the language model for first emails, else the template. */
@ApplicationScoped
public class Composer {

    private final TemplateWriter template;
    private final AiWriter ai;
    private final ProviderStatus providers;

    Composer(TemplateWriter template, AiWriter ai, ProviderStatus providers) {
        this.template = template;
        this.ai = ai;
        this.providers = providers;
    }

    public Uni<Draft> draft(Recipient lead) {
        return draft(lead, Channel.EMAIL, 1);
    }

    /** The first email is personalised by the model when one is configured; everything else is the template. */
    public Uni<Draft> draft(Recipient lead, Channel channel, int step) {
        if (channel == Channel.EMAIL && step == 1 && providers.aiAvailable()) {
            return ai.write(lead).map(draft -> inEnglishSaysSo(lead, draft));
        }
        return Uni.createFrom().item(() -> inEnglishSaysSo(lead, template.write(lead, channel, step)));
    }

    /**
     * A template draft for a lead of another language, written by an English template (none was saved in
     * that language), is the fallback: its label says so, and the approval card shows it. The
     * model writes in the lead's language and is not marked.
     */
    static Draft inEnglishSaysSo(Recipient lead, Draft draft) {
        if (draft.method() != Method.TEMPLATE || TemplateBook.writtenIn(draft.template(), lead.language())) {
            return draft;
        }
        return new Draft(
                draft.subject(),
                draft.body(),
                draft.method(),
                (draft.template() == null ? Draft.SHIPPED : draft.template()) + " · in English: no "
                        + lead.language().englishName() + " template");
    }
}
