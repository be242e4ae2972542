package dev.outreach.compose;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes the email for one lead with the deterministic template writer. */
@ApplicationScoped
public class Composer {

    @Inject
    TemplateWriter template;

    public Uni<Draft> draft(Recipient lead) {
        return Uni.createFrom().item(() -> template.write(lead));
    }
}
