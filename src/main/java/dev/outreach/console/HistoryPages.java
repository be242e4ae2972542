package dev.outreach.console;

import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.config.OutreachConfig;
import dev.outreach.language.Language;
import dev.outreach.lead.LeadQueries;
import dev.outreach.message.MessageQueries;
import dev.outreach.message.MessageView;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outreach history: every message by channel and status, and one message with its compliance
 * proof, rule by rule.
 *
 * <p>Reads through the same services as the API (so the same rules and roles apply); every change is a POST
 * with a CSRF token answered by a redirect (Post/Redirect/Get) and a flash message, and bad input comes back
 * as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class HistoryPages {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final MessageQueries messages;
    private final LeadQueries leads;
    private final OutreachConfig config;

    HistoryPages(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            MessageQueries messages,
            LeadQueries leads,
            OutreachConfig config) {
        this.chrome = chrome;
        this.identity = identity;
        this.messages = messages;
        this.leads = leads;
        this.config = config;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance history(
                Chrome chrome,
                Page<MessageView> page,
                Map<Long, String> names,
                Map<Long, Language> languages,
                Language defaultLanguage,
                String channel,
                String status,
                String problem);

        static native TemplateInstance message(Chrome chrome, MessageView message, String businessName, Proof proof);
    }

    @GET
    @Path("/history")
    public Uni<Response> history(
            @QueryParam("channel") String channel,
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "history",
                c -> messages.list(null, blank(channel), blank(status), after, 50)
                        .flatMap(p -> {
                            List<Long> ids = p.items().stream()
                                    .map(MessageView::leadId)
                                    .distinct()
                                    .toList();
                            return Uni.combine()
                                    .all()
                                    .unis(leads.names(ids), leads.languages(ids))
                                    .asTuple()
                                    .map(t -> Templates.history(
                                            c,
                                            p,
                                            t.getItem1(),
                                            t.getItem2(),
                                            config.defaultLanguage(),
                                            channel,
                                            status,
                                            null));
                        })
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(e -> Templates.history(
                                c,
                                empty(),
                                Map.of(),
                                Map.of(),
                                config.defaultLanguage(),
                                channel,
                                status,
                                Problems.of((InvalidInputException) e))));
    }

    /** The gate's stored decision as the proof page shows it; null when the gate has not decided yet. */
    public record Proof(String action, java.time.Instant decidedAt, List<RuleLine> rules) {

        public record RuleLine(String rule, String result, String reason) {}

        static Proof of(Map<String, Object> decision) {
            if (decision == null || decision.isEmpty()) {
                return null;
            }
            List<RuleLine> rules = new java.util.ArrayList<>();
            if (decision.get("rules") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> rule) {
                        rules.add(new RuleLine(
                                String.valueOf(rule.get("rule")),
                                String.valueOf(rule.get("result")),
                                rule.get("reason") == null ? "" : String.valueOf(rule.get("reason"))));
                    }
                }
            }
            return new Proof(String.valueOf(decision.get("action")), instant(decision.get("decidedAt")), rules);
        }
    }

    /** The gate's time as its proof stores it (ISO-8601), or null when it is not one. */
    static java.time.Instant instant(Object stored) {
        try {
            return stored == null ? null : java.time.Instant.parse(String.valueOf(stored));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** One message with its compliance proof: the gate's verdict, rule by rule. */
    @GET
    @Path("/messages/{id}")
    public Uni<Response> message(@PathParam("id") String id, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                        flash,
                        "history",
                        c -> messages.get(id)
                                .flatMap(m -> leads.names(List.of(m.leadId()))
                                        .map(names -> Templates.message(
                                                c,
                                                m,
                                                names.getOrDefault(m.leadId(), "lead " + m.leadId()),
                                                Proof.of(m.decision())))))
                .onFailure(InvalidInputException.class)
                .transform(e -> NotFoundException.of("message", id));
    }

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.page(identity, flash, section, body);
    }

    private static <T> Page<T> empty() {
        return new Page<>(java.util.List.of(), null);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
