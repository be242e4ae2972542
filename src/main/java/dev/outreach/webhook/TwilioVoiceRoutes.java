package dev.outreach.webhook;

import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import dev.outreach.compose.TemplateWriter;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import dev.outreach.feedback.CallOutcomes;
import dev.outreach.language.Language;
import dev.outreach.language.ReplyPhrases;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The call's script and callbacks. Twilio fetches {@code /webhooks/twilio/voice/{id}}
 * when the call connects (after answering-machine detection), posts the speech it gathered to
 * {@code …/gather} and the final status to {@code …/status}. Every request must carry a valid
 * {@code X-Twilio-Signature}, or it is refused with 403 and changes nothing.
 */
@ApplicationScoped
public class TwilioVoiceRoutes {

    private static final Logger LOG = Logger.getLogger(TwilioVoiceRoutes.class);
    private static final String XML = "application/xml; charset=UTF-8";

    private final TwilioSignatures signatures;
    private final CallOutcomes outcomes;
    private final TemplateWriter script;
    static final String STOP_KEY = "9";

    private final PhoneConfig.Call call;
    private final Language defaultLanguage;

    TwilioVoiceRoutes(
            TwilioSignatures signatures, CallOutcomes outcomes, TemplateWriter script, OutreachConfig config) {
        this.call = config.call();
        this.defaultLanguage = config.defaultLanguage();
        this.signatures = signatures;
        this.outcomes = outcomes;
        this.script = script;
    }

    void routes(@Observes Router router) {
        router.post("/webhooks/twilio/voice/:id")
                .handler(WebhookSupport.body())
                .handler(rc -> handle(rc, this::connected));
        router.post("/webhooks/twilio/voice/:id/gather")
                .handler(WebhookSupport.body())
                .handler(rc -> handle(rc, this::gathered));
        router.post("/webhooks/twilio/voice/:id/status")
                .handler(WebhookSupport.body())
                .handler(rc -> handle(rc, this::ended));
    }

    /** A verified request about a known call. */
    private record Request(RoutingContext rc, Map<String, String> form, CallOutcomes.CallContext call) {}

    private void handle(RoutingContext rc, Function<Request, Uni<String>> handler) {
        Map<String, String> form = WebhookSupport.form(rc);
        if (!signatures.valid(
                WebhookSupport.pathAndQuery(rc), form, rc.request().getHeader("X-Twilio-Signature"))) {
            WebhookSupport.text(rc, 403, "signature mismatch");
            return;
        }
        UUID id = WebhookSupport.uuid(rc.pathParam("id"));
        Uni<String> answer = id == null
                ? Uni.createFrom().item(hangUp())
                : outcomes.find(id)
                        .flatMap(call -> call.isEmpty()
                                ? Uni.createFrom().item(hangUp())
                                : handler.apply(new Request(rc, form, call.get())));
        answer.subscribe().with(xml -> WebhookSupport.respond(rc, 200, XML, xml), failure -> {
            LOG.errorf(failure, "Twilio callback %s failed", rc.normalizedPath());
            WebhookSupport.text(rc, 500, "try again");
        });
    }

    /** The call connected: a person hears the greeting and the question, a machine the voicemail. */
    private Uni<String> connected(Request request) {
        String answeredBy = request.form().get("AnsweredBy");
        return outcomes.answered(request.call(), answeredBy).map(machine -> {
            if (machine) {
                return twiml(new VoiceResponse.Builder()
                        .say(say(request, script.callVoicemail(request.call().businessName(), language(request))))
                        .hangup(new Hangup.Builder().build()));
            }
            String action = "/webhooks/twilio/voice/" + request.call().messageId() + "/gather";
            // The script names the caller, says it is automated, gives a callback number and offers 9 to stop.
            Gather.Builder gather = new Gather.Builder()
                    .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH))
                    .action(action)
                    .numDigits(1)
                    .timeout(6)
                    .speechTimeout("auto")
                    .actionOnEmptyResult(true)
                    .language(gatherLanguage(voice(request).gather()))
                    .hints(hints(language(request)))
                    // In the lead's language, with the key-press and spoken opt-out, in words a person wrote.
                    .say(say(request, script.callGreeting(request.call().businessName(), language(request))));
            return twiml(new VoiceResponse.Builder().gather(gather.build()));
        });
    }

    /** The person answered the question (or said nothing). */
    private Uni<String> gathered(Request request) {
        // Pressing 9 is a request to stop, like the words: an opt-out at once.
        String heard = STOP_KEY.equals(request.form().get("Digits"))
                ? "remove me (pressed 9)"
                : request.form().get("SpeechResult");
        return outcomes.gathered(request.call(), heard)
                .map(intent -> twiml(new VoiceResponse.Builder()
                        .say(say(request, script.callClosing(intent.key(), language(request))))
                        .hangup(new Hangup.Builder().build())));
    }

    /** The call ended: duration, final status and any recording reference. */
    private Uni<String> ended(Request request) {
        Map<String, String> form = request.form();
        Integer duration = parseInt(form.get("CallDuration"));
        String recording = form.getOrDefault("RecordingSid", form.get("RecordingUrl"));
        return outcomes.ended(request.call(), form.get("CallStatus"), duration, recording)
                .replaceWith(twiml(new VoiceResponse.Builder()));
    }

    /** The voice of one call: the lead's language's voice, or the call settings' for English. */
    record Voice(String name, String say, String gather) {}

    private Language language(Request request) {
        String tag = request.call().language();
        return tag == null ? defaultLanguage : Language.ofTag(tag);
    }

    private Voice voice(Request request) {
        Language language = language(request);
        if (language.isEnglish()) {
            return new Voice(call.voice(), call.language(), call.language());
        }
        return new Voice(
                language.voice().orElseThrow(),
                language.sayLanguage().orElseThrow(),
                language.gatherLanguage().orElseThrow());
    }

    /** What speech recognition should expect: the answers in English and the stop words of the lead's language. */
    private static String hints(Language language) {
        String english = "yes, no, remove me, call me later, not interested";
        if (language.isEnglish()) {
            return english;
        }
        return english + ", "
                + String.join(
                        ", ",
                        ReplyPhrases.written(language).getOrDefault(ReplyPhrases.OPT_OUT, java.util.List.of()).stream()
                                .limit(5)
                                .toList());
    }

    private Say say(Request request, String text) {
        Voice spoken = voice(request);
        Say.Builder say = new Say.Builder(text);
        voice(spoken.name()).ifPresent(say::voice);
        sayLanguage(spoken.say()).ifPresent(say::language);
        return say.build();
    }

    static java.util.Optional<Say.Voice> voice(String name) {
        return java.util.Arrays.stream(Say.Voice.values())
                .filter(v -> v.toString().equalsIgnoreCase(name))
                .findFirst();
    }

    static java.util.Optional<Say.Language> sayLanguage(String tag) {
        return java.util.Arrays.stream(Say.Language.values())
                .filter(l -> l.toString().equalsIgnoreCase(tag))
                .findFirst();
    }

    private static Gather.Language gatherLanguage(String tag) {
        return java.util.Arrays.stream(Gather.Language.values())
                .filter(l -> l.toString().equalsIgnoreCase(tag))
                .findFirst()
                .orElse(Gather.Language.EN_IN);
    }

    private static String hangUp() {
        return twiml(new VoiceResponse.Builder().hangup(new Hangup.Builder().build()));
    }

    private static String twiml(VoiceResponse.Builder response) {
        try {
            return response.build().toXml();
        } catch (TwiMLException e) {
            throw new IllegalStateException("could not write TwiML", e);
        }
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
