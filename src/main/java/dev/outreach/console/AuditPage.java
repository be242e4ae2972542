package dev.outreach.console;

import dev.outreach.auditlog.AuditQueries;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadQueries;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The audit log in the console, for admins: filters, keyset pages, and the selection as CSV. */
@Path("/console/audit")
@RolesAllowed(Roles.ADMIN)
public class AuditPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final AuditQueries audit;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final LeadQueries leads;

    AuditPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            AuditQueries audit,
            OutreachConfig config,
            LiveSettings live,
            LeadQueries leads) {
        this.leads = leads;
        this.chrome = chrome;
        this.identity = identity;
        this.audit = audit;
        this.config = config;
        this.live = live;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance audit(
                Chrome chrome,
                Page<AuditQueries.Event> page,
                AuditQueries.Filter filter,
                String problem,
                Map<Long, String> names);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("subject") String subject,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        AuditQueries.Filter filter = new AuditQueries.Filter(actor, action, subject, from, to);
        return chrome.of(identity, flash, "audit")
                .flatMap(c -> Uni.createFrom()
                        .deferred(() ->
                                audit.page(filter, after, 50, live.current().timezone()))
                        .flatMap(page -> leads.names(page.items().stream()
                                        .map(AuditQueries.Event::leadId)
                                        .filter(java.util.Objects::nonNull)
                                        .distinct()
                                        .toList())
                                .map(names -> Templates.audit(c, page, filter, null, names)))
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(e -> Templates.audit(
                                c,
                                new Page<>(List.of(), null),
                                filter,
                                Problems.of((InvalidInputException) e),
                                Map.of()))
                        .map(t -> Response.ok(t).cookie(Flash.clear()).build()));
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    public Uni<Response> export(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("subject") String subject,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return Uni.createFrom()
                .deferred(() -> audit.csv(
                        new AuditQueries.Filter(actor, action, subject, from, to),
                        live.current().timezone()))
                .map(csv -> Response.ok(csv, "text/csv; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                        .build())
                .onFailure(InvalidInputException.class)
                .recoverWithItem(e -> Response.status(400)
                        .entity(Problems.of((InvalidInputException) e))
                        .type(MediaType.TEXT_PLAIN)
                        .build());
    }
}
