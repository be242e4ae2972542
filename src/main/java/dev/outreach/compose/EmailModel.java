package dev.outreach.compose;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * The language model that writes a first email: its instructions are the admin's prompt or the
 * shipped one; the lead's facts come from {@code prompts/email-user.txt}.
 * Only asked through {@link AiWriter}, which bounds it in time and checks what it wrote.
 */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface EmailModel {

    /** What the model answers: a subject line and a plain-text body. */
    record Written(String subject, String body) {}

    /**
     * @param system the instructions, as an admin saved them or as shipped ({@code prompts/email-system.txt}),
     *        already rendered for the sender ({@link TemplateBook#prompt})
     */
    @SystemMessage("{system}")
    @UserMessage(fromResource = "prompts/email-user.txt")
    Written write(
            @V("system") String system,
            @V("businessName") String businessName,
            @V("category") String category,
            @V("city") String city);
}
