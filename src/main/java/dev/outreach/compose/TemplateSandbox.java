package dev.outreach.compose;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Expression;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.Mapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the text people type is rendered: the saved templates and the model's prompt. A Qute
 * engine of its own, not the application's: it has no namespaces ({@code config:}, {@code inject:},
 * {@code cdi:}, {@code msg:}…), no section but {@code {#if}…{#else}…{/if}}, and one value resolver that
 * answers only the documented values; everything else is "not found". Before that, {@link #parse} refuses
 * every expression that is not one of the documented values or a literal, naming it, so a template that
 * could reach a Java object's methods or the configuration is never saved, previewed or used.
 */
public final class TemplateSandbox {

    /** The values a template may name at its top level. */
    static final Set<String> VALUES = Set.of("lead", "senderName", "senderCompany", "pitch", "schedulingUrl");
    /** What a template may read of the lead: public business facts only. */
    static final Set<String> LEAD = Set.of("businessName", "category", "city");

    private static final Engine ENGINE = Engine.builder()
            .addSectionHelper(new IfSectionHelper.Factory())
            .addValueResolver(new Documented())
            .strictRendering(true)
            .removeStandaloneLines(true)
            .build();

    private TemplateSandbox() {}

    /** {@code text} parsed in the sandbox, or why not: a Qute syntax error or the first expression it refuses. */
    static Template parse(String text) throws Refused {
        Template template;
        try {
            template = ENGINE.parse(text);
        } catch (TemplateException e) {
            throw new Refused(e.getMessage());
        }
        for (Expression expression : template.getExpressions()) {
            String why = refusal(expression);
            if (why != null) {
                throw new Refused(why);
            }
        }
        return template;
    }

    /** Renders a template parsed here with the documented values only. */
    static String render(Template template, Recipient lead, Map<String, String> sender) throws Refused {
        try {
            var instance = template.data("lead", lead);
            sender.forEach(instance::data);
            return instance.render();
        } catch (TemplateException e) {
            throw new Refused(e.getMessage());
        }
    }

    /** A template the sandbox does not take, and the expression it names. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static String refusal(Expression expression) {
        if (expression.isLiteral()) {
            return null;
        }
        if (expression.hasNamespace()) {
            return refusal(expression.toOriginalString());
        }
        List<String> names = new ArrayList<>();
        for (Expression.Part part : expression.getParts()) {
            if (part.isVirtualMethod()) {
                return refusal(expression.toOriginalString());
            }
            names.add(part.getName());
        }
        String shown = expression.toOriginalString();
        if (names.size() == 2 && "lead".equals(names.get(0))) {
            return LEAD.contains(names.get(1)) ? null : unknown(shown, names.get(1) + " is not found on the lead");
        }
        if (names.size() == 1 && !"lead".equals(names.get(0))) {
            return VALUES.contains(names.get(0)) ? null : unknown(shown, names.get(0) + " is not a value it knows");
        }
        return refusal(shown);
    }

    /** A name a template might mean (a typo), said so: not an attempt, though refused the same. */
    private static String unknown(String expression, String why) {
        return "{" + expression + "}: " + why + "; a template may use only " + TemplateBook.VARIABLES;
    }

    private static String refusal(String expression) {
        return "{" + expression + "} is not allowed: a template may use only " + TemplateBook.VARIABLES;
    }

    /** Answers the documented values and nothing else: no method, no property of any other object. */
    private static final class Documented implements ValueResolver {

        @Override
        public boolean appliesTo(EvalContext context) {
            return true;
        }

        @Override
        public CompletionStage<Object> resolve(EvalContext context) {
            Object base = context.getBase();
            String name = context.getName();
            if (!context.getParams().isEmpty()) {
                return Results.notFound(context);
            }
            if (base instanceof Recipient lead && LEAD.contains(name)) {
                return CompletableFuture.completedFuture(
                        switch (name) {
                            case "businessName" -> lead.businessName();
                            case "category" -> lead.category();
                            default -> lead.city();
                        });
            }
            if (base instanceof Mapper data && VALUES.contains(name)) {
                return data.getAsync(name);
            }
            return Results.notFound(context);
        }
    }
}
