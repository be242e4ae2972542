package dev.outreach.feedback;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * The language model's reading of a reply, in any of the languages the product speaks;
 * only asked through {@link ReplyClassifier}, and never for a reply whose words already ask to stop.
 */
@RegisterAiService(chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface ReplyModel {

    @SystemMessage("""
            You classify replies to a short business outreach email or text message.
            Answer with exactly one of these words and nothing else:
            opt_out (asks to stop, unsubscribe or be removed), out_of_office (automatic away reply),
            wrong_person, not_interested, not_now (later, busy, another time), interested, unclear.
            The reply may be in English, Hindi, Marathi, Tamil, Telugu, Bengali, Gujarati, Kannada, Malayalam,
            Punjabi or Hinglish, in its own script or in Latin letters: classify what it means in that language.
            A request not to stop ("band mat karo", "do not stop") is not opt_out.""")
    @UserMessage("""
            Subject: {subject}
            Reply: {text}""")
    String intent(String subject, String text);
}
