package dev.outreach.lead;

import dev.outreach.common.InvalidInputException;
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

    private final LeadIntake intake;
    private final Leads leads;
    private final LeadVerification verifier;
    private final LeadQueries queries;
    private final SecurityIdentity identity;

    LeadResource(LeadIntake intake, Leads leads, LeadVerification verifier, LeadQueries queries,
            SecurityIdentity identity) {
        this.intake = intake;
        this.leads = leads;
        this.verifier = verifier;
        this.queries = queries;
        this.identity = identity;
    }

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
                .flatMap(stored -> queries.find(stored.id()).map(lead -> Response
                        .status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(new LeadCreated(lead, !stored.created(), accepted.warnings()))
                        .build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One lead with its verification results and timeline")
    public Uni<LeadDetail> get(@PathParam("id") long id) {
        return queries.detail(id);
    }

    @POST
    @Path("/{id}/verify")
    @Operation(summary = "Verify the lead again", description = "Results younger than 30 days are reused.")
    public Uni<LeadDetail> verify(@PathParam("id") long id) {
        return queries.find(id).flatMap(lead -> verifier.verify(id, Actor.of(identity)))
                .flatMap(status -> queries.detail(id));
    }

    @GET
    @Operation(summary = "Search leads by name, city, category or email; newest first, keyset-paginated")
    public Uni<Page<LeadView>> search(@QueryParam("q") String q, @QueryParam("status") String status,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return queries.search(q, status, after, limit);
    }
}
