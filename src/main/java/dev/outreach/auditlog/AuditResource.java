package dev.outreach.auditlog;

import dev.outreach.common.Page;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log, for admins: filtered keyset pages and a CSV export of the same selection. */
@Path("/api/audit")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditQueries audit;
    private final OutreachConfig config;
    private final LiveSettings live;

    AuditResource(AuditQueries audit, OutreachConfig config, LiveSettings live) {
        this.audit = audit;
        this.config = config;
        this.live = live;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Audit events, newest first",
            description = "actor (exact), action (a prefix: 'approval.' "
                    + "is every review), subject ('lead/12', 'message/<id>'), from and to (days, yyyy-mm-dd, business time "
                    + "zone); keyset pages with after and limit (1–200)")
    public Uni<Page<AuditQueries.Event>> list(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("subject") String subject,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return audit.page(
                new AuditQueries.Filter(actor, action, subject, from, to),
                after,
                limit,
                live.current().timezone());
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @Operation(summary = "The same selection as CSV (at most 50,000 events)")
    public Uni<Response> export(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("subject") String subject,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return audit.csv(
                        new AuditQueries.Filter(actor, action, subject, from, to),
                        live.current().timezone())
                .map(csv -> Response.ok(csv, "text/csv; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                        .build());
    }
}
