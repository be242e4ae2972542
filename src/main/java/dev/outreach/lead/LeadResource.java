package dev.outreach.lead;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/leads")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Leads")
public class LeadResource {

    @Inject
    LeadIntake intake;

    @Inject
    Leads leads;

    @Inject
    LeadVerification verifier;

    @Inject
    Pool pool;

    @Inject
    SecurityIdentity identity;

    @POST
    @Operation(summary = "Create one lead", description = "201 with the new lead; 200 with \"duplicate\":true and the "
            + "existing lead when the business is already known. The lead is verified at once.")
    public Uni<Response> create(LeadRequest body) {
        if (body == null) {
            throw new InvalidInputException("body", "a JSON object with businessName is required");
        }
        LeadIntake.Accepted accepted = intake.check(body.toInput());
        String actor = Actor.of(identity);
        return leads.store(accepted.lead(), actor)
                .call(stored -> stored.created() ? verifier.verify(stored.id(), actor) : Uni.createFrom().voidItem())
                .flatMap(stored -> find(stored.id()).map(lead -> Response
                        .status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new LeadCreated(lead, !stored.created(), accepted.warnings()))
                        .build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One lead with its verification results and timeline")
    public Uni<LeadDetail> get(@PathParam("id") long id) {
        return detail(id);
    }

    @POST
    @Path("/{id}/verify")
    @Operation(summary = "Verify the lead again", description = "Results younger than 30 days are reused.")
    public Uni<LeadDetail> verify(@PathParam("id") long id) {
        return find(id).flatMap(lead -> verifier.verify(id, Actor.of(identity))).flatMap(status -> detail(id));
    }

    private Uni<LeadDetail> detail(long id) {
        return find(id).flatMap(view -> pool.preparedQuery("""
                select email_verified, phone_verified, phone_line_type, email, phone from lead where id = $1""")
                .execute(Tuple.of(id)).flatMap(leadRows -> {
                    Row lead = leadRows.iterator().next();
                    String[] values = Stream.of(lead.getString("email"), lead.getString("phone"))
                            .filter(Objects::nonNull).toArray(String[]::new);
                    return pool.preparedQuery("""
                            select kind, value, outcome, confidence, provider, details, checked_at, expires_at
                            from verification_result where value = any($1) order by checked_at desc limit 20""")
                            .execute(Tuple.of((Object) values))
                            .flatMap(results -> pool.preparedQuery("""
                                    select occurred_at, actor, action, details from audit_event
                                    where lead_id = $1 order by occurred_at, id limit 200""").execute(Tuple.of(id))
                                    .map(events -> {
                                        List<LeadDetail.Verification> verification = new ArrayList<>();
                                        results.forEach(r -> verification.add(new LeadDetail.Verification(
                                                r.getString("kind"), r.getString("value"), r.getString("outcome"),
                                                r.getBigDecimal("confidence"), r.getString("provider"),
                                                r.getJsonObject("details").getJsonArray("reasons", new JsonArray())
                                                        .getList(),
                                                r.getOffsetDateTime("checked_at"), r.getOffsetDateTime("expires_at"))));
                                        List<LeadDetail.Event> timeline = new ArrayList<>();
                                        events.forEach(e -> timeline.add(new LeadDetail.Event(
                                                e.getOffsetDateTime("occurred_at"), e.getString("actor"),
                                                e.getString("action"), e.getJsonObject("details").getMap())));
                                        return new LeadDetail(view, Boolean.TRUE.equals(lead.getBoolean("email_verified")),
                                                Boolean.TRUE.equals(lead.getBoolean("phone_verified")),
                                                lead.getString("phone_line_type"), verification, timeline);
                                    }));
                }));
    }

    @GET
    @Operation(summary = "Search leads by name, city, category or email; newest first, keyset-paginated")
    public Uni<Page<LeadView>> search(@QueryParam("q") String q, @QueryParam("status") String status,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        int size = Cursor.limit(limit);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(businessName) like :q or lower(city) like :q or lower(category) like :q"
                    + " or email like :q)");
            params.put("q", "%" + q.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (status != null && !status.isBlank()) {
            where.append(" and status = :status");
            params.put("status", parseStatus(status));
        }
        Long afterId = Cursor.id(after);
        if (afterId != null) {
            where.append(" and id < :after");
            params.put("after", afterId);
        }
        return Panache.withSession(() -> Lead.<Lead>find(where + " order by id desc", params).range(0, size).list())
                .map(found -> Page.of(found, size, lead -> Cursor.ofId(lead.id)).map(LeadView::of));
    }

    private static Uni<LeadView> find(long id) {
        return Panache.withSession(() -> Lead.<Lead>findById(id)).map(lead -> {
            if (lead == null) {
                throw NotFoundException.of("lead", id);
            }
            return LeadView.of(lead);
        });
    }

    private static LeadStatus parseStatus(String status) {
        try {
            return LeadStatus.fromDb(status.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of new, verified, needs_review, rejected, "
                    + "contacted, replied, undeliverable, opted_out");
        }
    }
}
