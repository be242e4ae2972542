package dev.outreach.compose;

import dev.outreach.channel.Channel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes what one step says to one lead with the deterministic template writer. */
@ApplicationScoped
public class Composer {

    @Inject
    TemplateWriter template;

    public Uni<Draft> draft(Recipient lead) {
        return draft(lead, Channel.EMAIL, 1);
    }

    public Uni<Draft> draft(Recipient lead, Channel channel, int step) {
        return Uni.createFrom().item(() -> template.write(lead, channel, step));
    }
}
