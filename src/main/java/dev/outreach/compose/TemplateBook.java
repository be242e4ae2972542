package dev.outreach.compose;

import dev.outreach.language.Language;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The message templates in force: the versions an admin saved, parsed once, and the shipped
 * templates for a step that has none. A step with two variants (A and B) is split at random, half and
 * half. Each language has its own: a lead is written to with its language's template, else
 * the English one (saved, else shipped), and the draft's label then says which. The template store
 * fills this book at start-up and after each change; the writers only read it.
 */
@ApplicationScoped
public class TemplateBook {

    /** A step of an outreach that a template writes. */
    public enum Step {
        FIRST("templates/compose/subject.txt", "templates/compose/body.txt"),
        FOLLOW_UP("templates/compose/followUpSubject.txt", "templates/compose/followUpBody.txt"),
        TEXT(null, "templates/compose/text.txt"),
        /** The language model's instructions for a first email (its system prompt). */
        PROMPT(null, "prompts/email-system.txt");

        private final String shippedSubject;
        private final String shippedBody;

        Step(String shippedSubject, String shippedBody) {
            this.shippedSubject = shippedSubject;
            this.shippedBody = shippedBody;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean hasSubject() {
            return shippedSubject != null;
        }

        public static Step of(String key) {
            for (Step step : values()) {
                if (step.key().equals(key)) {
                    return step;
                }
            }
            throw new IllegalArgumentException("no step '" + key + "': first, follow_up, text or prompt");
        }
    }

    /** One saved version of a step's template, in one language. */
    public record Version(Step step, String variant, int version, String subject, String body, Language language) {

        /** An English version. */
        public Version(Step step, String variant, int version, String subject, String body) {
            this(step, variant, version, subject, body, Language.ENGLISH);
        }

        /** How a message names the template that wrote it: {@code first B v3}, {@code first A v1 (hi)}. */
        public String label() {
            return step.key() + " " + variant + " v" + version
                    + (language.isEnglish() ? "" : " (" + language.tag() + ")");
        }
    }

    /** Whether the template named {@code label} is written in {@code language} (not the English fallback). */
    public static boolean writtenIn(String label, Language language) {
        return language == null || language.isEnglish() || label != null && label.endsWith(" (" + language.tag() + ")");
    }

    /** The variants in force for a lead of {@code language}: its own, else the English ones. */
    private List<Compiled> variants(Step step, Language language) {
        List<Compiled> all = active.getOrDefault(step, List.of());
        Language wanted = language == null ? Language.ENGLISH : language;
        List<Compiled> own =
                all.stream().filter(c -> c.version().language() == wanted).toList();
        return !own.isEmpty() || wanted.isEnglish()
                ? own
                : all.stream().filter(c -> c.version().language().isEnglish()).toList();
    }

    /** A template that does not parse or does not render: where and why, in Qute's words. */
    public static final class Invalid extends Exception {
        private final String part;

        Invalid(String part, String message) {
            super(plain(message));
            this.part = part;
        }

        /** Qute's words without Java's: {@code the base object "dev.outreach.compose.Recipient"} is the lead. */
        private static String plain(String message) {
            return message == null
                    ? ""
                    : message.replace("the base object \"" + Recipient.class.getName() + "\"", "the lead")
                            .replaceAll("\"(?:[a-z]\\w*\\.)+([A-Z]\\w*)\"", "\"$1\"");
        }

        /** {@code subject} or {@code body}. */
        public String part() {
            return part;
        }
    }

    private record Compiled(Version version, Template subject, Template body) {}

    private volatile Map<Step, List<Compiled>> active = new EnumMap<>(Step.class);

    /** The shipped text of a step's part, as the editor starts from. */
    public static String shipped(Step step, String part) {
        String name = "subject".equals(part) ? step.shippedSubject : step.shippedBody;
        if (name == null) {
            return null;
        }
        try (InputStream in = TemplateBook.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a template may use, for the editor's help. */
    public static final String VARIABLES = "{lead.businessName}, {lead.category}, {lead.city}, {senderName}, "
            + "{senderCompany}, {pitch}, {schedulingUrl}; conditions as {#if lead.city} in {lead.city}{/if}";

    /**
     * Renders {@code version} for {@code lead}: the subject (null for a text) and the body, or where it
     * fails. Nothing is kept.
     */
    public String[] render(Version version, Recipient lead, Sender sender) throws Invalid {
        Compiled compiled = compile(version);
        return render(compiled, lead, sender);
    }

    /** The sender's words a template may use. */
    public record Sender(String name, String company, String pitch, String schedulingUrl) {}

    private String[] render(Compiled c, Recipient lead, Sender sender) throws Invalid {
        Map<String, String> values = new HashMap<>();
        values.put("senderName", sender.name());
        values.put("senderCompany", sender.company());
        values.put("pitch", sender.pitch());
        values.put("schedulingUrl", sender.schedulingUrl());
        String subject = null;
        if (c.subject() != null) {
            subject = renderPart(c.subject(), lead, values, "subject");
        }
        return new String[] {subject, renderPart(c.body(), lead, values, "body")};
    }

    private static String renderPart(Template template, Recipient lead, Map<String, String> values, String part)
            throws Invalid {
        try {
            return TemplateSandbox.render(template, lead, values).strip();
        } catch (TemplateSandbox.Refused e) {
            throw new Invalid(part, e.getMessage());
        }
    }

    private Compiled compile(Version v) throws Invalid {
        Template subject = null;
        if (v.step().hasSubject()) {
            if (v.subject() == null || v.subject().isBlank()) {
                throw new Invalid("subject", "a subject is required");
            }
            subject = parse(v.subject(), "subject");
        }
        if (v.body() == null || v.body().isBlank()) {
            throw new Invalid("body", "a body is required");
        }
        return new Compiled(v, subject, parse(v.body(), "body"));
    }

    private static Template parse(String content, String part) throws Invalid {
        try {
            return TemplateSandbox.parse(content);
        } catch (TemplateSandbox.Refused e) {
            throw new Invalid(part, e.getMessage());
        }
    }

    /**
     * The store's alone: the versions in force from now on (at most one per step and variant). A stored
     * version the sandbox refuses (saved before it existed, or by an older release) is not used: its step
     * falls back to the shipped text, and it is returned with the reason, for the store to report.
     */
    public Map<Version, String> replace(List<Version> versions) {
        Map<Step, List<Compiled>> next = new EnumMap<>(Step.class);
        Map<Version, String> refused = new LinkedHashMap<>();
        for (Version v : versions) {
            try {
                next.computeIfAbsent(v.step(), k -> new ArrayList<>()).add(compile(v));
            } catch (Invalid e) {
                next.computeIfAbsent(v.step(), k -> new ArrayList<>());
                refused.put(v, "its " + e.part() + ": " + e.getMessage());
            }
        }
        active = next;
        return refused;
    }

    /** A step's saved variants in force, by variant. */
    public List<Version> active(Step step) {
        return active.getOrDefault(step, List.of()).stream()
                .map(Compiled::version)
                .toList();
    }

    /**
     * The model's instructions for {@code lead}: the saved prompt (a variant at random when there are
     * two), else the shipped one, rendered; and the label the draft records ({@code prompt A v2}, or
     * {@code prompt shipped}).
     */
    public String[] prompt(Recipient lead, Sender sender) {
        List<Compiled> variants = variants(Step.PROMPT, lead.language());
        Compiled chosen = variants.isEmpty()
                ? shippedPrompt()
                : variants.get(
                        variants.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(variants.size()));
        try {
            return new String[] {
                render(chosen, lead, sender)[1],
                variants.isEmpty()
                        ? "prompt " + Draft.SHIPPED
                        : chosen.version().label()
            };
        } catch (Invalid e) {
            throw new IllegalStateException("the prompt does not render: " + e.getMessage(), e);
        }
    }

    private volatile Compiled shippedPrompt;

    private Compiled shippedPrompt() {
        if (shippedPrompt == null) {
            try {
                shippedPrompt = compile(new Version(Step.PROMPT, "A", 0, null, shipped(Step.PROMPT, "body")));
            } catch (Invalid e) {
                throw new IllegalStateException("the shipped prompt does not parse: " + e.getMessage(), e);
            }
        }
        return shippedPrompt;
    }

    /** A draft written by the step's saved template (a variant at random when there are two), if it has one. */
    public Optional<Draft> write(Step step, Recipient lead, Sender sender) {
        List<Compiled> variants = variants(step, lead.language());
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        Compiled chosen = variants.get(
                variants.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(variants.size()));
        try {
            String[] written = render(chosen, lead, sender);
            return Optional.of(new Draft(
                    written[0], written[1], Method.TEMPLATE, chosen.version().label()));
        } catch (Invalid e) {
            return Optional.empty();
        }
    }
}
