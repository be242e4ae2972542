package dev.outreach.compose;

import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.language.Language;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Personalised first emails from the language model, with the template as the fallback
 * whenever the model takes longer than 5 seconds, fails, its circuit is open, or what it wrote
 * does not pass {@link DraftCheck}. The draft records which of the two wrote it.
 */
@ApplicationScoped
public class AiWriter {

    private static final Logger LOG = Logger.getLogger(AiWriter.class);

    private final EmailModel model;
    private final DraftCheck check;
    private final TemplateWriter template;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final MeterRegistry registry;
    private final TemplateBook book;

    AiWriter(
            EmailModel model,
            DraftCheck check,
            TemplateWriter template,
            OutreachConfig config,
            LiveSettings live,
            MeterRegistry registry,
            TemplateBook book) {
        this.book = book;
        this.model = model;
        this.check = check;
        this.template = template;
        this.config = config;
        this.live = live;
        this.registry = registry;
    }

    @Timeout(5000)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 60_000,
            successThreshold = 2,
            skipOn = DraftCheck.Refused.class)
    @CircuitBreakerName("openai-compose")
    @NonBlocking
    @Fallback(fallbackMethod = "fromTemplate")
    public Uni<Draft> write(Recipient lead) {
        CampaignConfig.Sender sender = live.current().sender();
        String[] prompt = book.prompt(
                lead,
                new TemplateBook.Sender(
                        sender.name(),
                        sender.company(),
                        sender.pitch(),
                        sender.schedulingUrl().toString()));
        return Uni.createFrom()
                .item(() -> model.write(
                        prompt[0] + inLanguage(lead),
                        lead.businessName(),
                        orDash(lead.category()),
                        orDash(lead.city())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(written -> {
                    if (written == null) {
                        throw new DraftCheck.Refused(List.of("the model wrote nothing"));
                    }
                    DraftCheck.Checked checked = check.check(written.subject(), written.body());
                    registry.counter("outreach.compose", "method", "ai", "reason", "ok")
                            .increment();
                    return new Draft(checked.subject(), checked.body(), Method.AI, prompt[1]);
                });
    }

    /**
     * The product's own instruction to write in the lead's language, added after the operator's
     * prompt so that every prompt variant follows it; the footer and the opt-out words are added later,
     * written by a person.
     */
    static String inLanguage(Recipient lead) {
        Language language = lead.language();
        if (language == null || language.isEnglish()) {
            return "";
        }
        String how = language == Language.HINGLISH
                ? "Hinglish: Hindi written in Latin letters, with English words where Indian business owners use them"
                : language.englishName() + " (" + language.nativeName() + "), in its own script";
        return "\n- Write the subject and the body in " + how
                + ". Keep the business's name and the link exactly as given.";
    }

    Uni<Draft> fromTemplate(Recipient lead, Throwable why) {
        String reason = why instanceof DraftCheck.Refused
                ? "refused"
                : why instanceof CircuitBreakerOpenException
                        ? "circuit_open"
                        : why instanceof TimeoutException ? "timeout" : "error";
        registry.counter("outreach.compose", "method", "template", "reason", reason)
                .increment();
        LOG.debugf("Template used for lead %d: %s (%s)", lead.leadId(), reason, why.getMessage());
        return Uni.createFrom().item(() -> template.write(lead, Channel.EMAIL, 1));
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
