package dev.outreach.compose;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * The language model that writes a first email; prompts are resources under {@code prompts/}.
 * Only asked through {@link AiWriter}, which bounds it in time and checks what it wrote.
 */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface EmailModel {

    /** What the model answers: a subject line and a plain-text body. */
    record Written(String subject, String body) {
    }

    @SystemMessage(fromResource = "prompts/email-system.txt")
    @UserMessage(fromResource = "prompts/email-user.txt")
    Written write(@V("businessName") String businessName, @V("category") String category, @V("city") String city,
            @V("senderName") String senderName, @V("senderCompany") String senderCompany, @V("pitch") String pitch,
            @V("schedulingUrl") String schedulingUrl);
}
