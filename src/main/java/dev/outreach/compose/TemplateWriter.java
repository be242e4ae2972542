package dev.outreach.compose;

import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The deterministic writer (R-3.2 fallback): same lead, same email. */
@ApplicationScoped
public class TemplateWriter {

    @Inject
    OutreachConfig config;

    public Draft write(Recipient lead) {
        OutreachConfig.Sender sender = config.sender();
        String subject = Templates.subject(lead).render().strip();
        String body = Templates.body(lead, sender.name(), sender.company(), sender.schedulingUrl().toString())
                .render().strip();
        return new Draft(subject, body, Method.TEMPLATE);
    }
}
