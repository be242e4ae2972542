package dev.outreach.message;

import dev.outreach.common.Page;
import dev.outreach.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/messages")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
public class MessageResource {

    private final MessageQueries queries;

    MessageResource(MessageQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Outreach history, newest first, keyset-paginated")
    public Uni<Page<MessageView>> list(@QueryParam("leadId") Long leadId, @QueryParam("channel") String channel,
            @QueryParam("status") String status, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.list(leadId, channel, status, after, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One message with the gate's decision, rule by rule")
    public Uni<MessageView> get(@PathParam("id") String id) {
        return queries.get(id);
    }
}
