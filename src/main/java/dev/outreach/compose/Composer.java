package dev.outreach.compose;

import dev.outreach.contact.Channel;
import dev.outreach.config.ProviderStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes what one step says to one lead: the language model for first emails, else the template. */
@ApplicationScoped
public class Composer {

    @Inject
    TemplateWriter template;

    @Inject
    AiWriter ai;

    @Inject
    ProviderStatus providers;

    public Uni<Draft> draft(Recipient lead) {
        return draft(lead, Channel.EMAIL, 1);
    }

    /** The first email is personalised by the model when one is configured; everything else is the template. */
    public Uni<Draft> draft(Recipient lead, Channel channel, int step) {
        if (channel == Channel.EMAIL && step == 1 && providers.aiAvailable()) {
            return ai.write(lead);
        }
        return Uni.createFrom().item(() -> template.write(lead, channel, step));
    }
}
