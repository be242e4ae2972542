package dev.outreach.feedback;

import dev.outreach.config.ProviderStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a reply's intent: the language model when one is configured, inside a 5-second
 * timeout and a circuit breaker, and the deterministic keywords of {@link ReplyIntent} otherwise or
 * whenever the model fails, is slow or answers something unusable. A stop request found by the
 * keywords is final and never sent to the model: no model answer can turn it into interest.
 */
@ApplicationScoped
public class ReplyClassifier {

    public static final String BY_KEYWORDS = "keywords";
    public static final String BY_MODEL = "ai";

    public record Classified(ReplyIntent intent, String by) {}

    private final ProviderStatus providers;
    private final ReplyModelCalls model;

    ReplyClassifier(ProviderStatus providers, ReplyModelCalls model) {
        this.providers = providers;
        this.model = model;
    }

    public Uni<Classified> classify(String subject, String text) {
        ReplyIntent byKeywords = ReplyIntent.classify(subject, text);
        if (byKeywords == ReplyIntent.OPT_OUT || !providers.aiAvailable()) {
            return Uni.createFrom().item(new Classified(byKeywords, BY_KEYWORDS));
        }
        return model.intent(subject, text)
                .map(intent -> intent == ReplyIntent.UNCLEAR && byKeywords != ReplyIntent.UNCLEAR
                        ? new Classified(byKeywords, BY_KEYWORDS)
                        : new Classified(intent, BY_MODEL))
                .onFailure()
                .recoverWithItem(new Classified(byKeywords, BY_KEYWORDS));
    }
}
