package dev.outreach.optout;

import dev.outreach.common.Cursor;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.common.Text;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.ContactType;
import dev.outreach.contact.Contacts;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Opt-outs: add and search. There is deliberately no way to delete one. */
@Path("/api/opt-outs")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Opt-outs")
public class OptOutResource {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    OptOutService optOuts;

    @Inject
    OutreachConfig config;

    @Inject
    Pool pool;

    @Inject
    SecurityIdentity identity;

    /** Body of {@code POST /api/opt-outs}: an email or a phone, and why. */
    public record OptOutRequest(String email, String phone, String reason) {
    }

    @POST
    @Operation(summary = "Opt a contact out at once, on every channel; cancels its queued messages")
    public Uni<Response> add(OptOutRequest request) {
        Contact contact = contact(request);
        String reason = request.reason() == null || request.reason().isBlank() ? "added by an operator"
                : Text.checked("reason", request.reason()).strip();
        if (reason.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return optOuts.optOut(contact.type(), contact.value(), "api", reason, Actor.of(identity))
                .map(result -> Response.status(result.alreadyOptedOut() ? 200 : 201).entity(result).build());
    }

    @GET
    @Operation(summary = "Search opt-outs by email or phone fragment; newest first")
    public Uni<Page<OptOutView>> search(@QueryParam("q") String q, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        int size = Cursor.limit(limit);
        Long afterId = Cursor.id(after);
        String pattern = q == null || q.isBlank() ? "%"
                : "%" + q.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                        + "%";
        return pool.preparedQuery("""
                select id, contact_type, contact_value, source, reason, recorded_by, created_at from opt_out
                where contact_value like $1 and id < $2
                order by id desc limit $3""")
                .execute(Tuple.of(pattern, afterId == null ? Long.MAX_VALUE : afterId, size + 1))
                .map(rows -> {
                    List<OptOutView> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new OptOutView(r.getLong("id"), r.getString("contact_type"),
                            r.getString("contact_value"), r.getString("source"), r.getString("reason"),
                            r.getString("recorded_by"), r.getOffsetDateTime("created_at"))));
                    return Page.of(found, size, v -> Cursor.ofId(v.id()));
                });
    }

    private record Contact(ContactType type, String value) {
    }

    private Contact contact(OptOutRequest request) {
        if (request == null || (blank(request.email()) == blank(request.phone()))) {
            throw new InvalidInputException(List.of(new FieldError("email", "give exactly one of email or phone")));
        }
        if (!blank(request.email())) {
            String email = Contacts.email(request.email());
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                throw new InvalidInputException("email", "is not a valid email address");
            }
            return new Contact(ContactType.EMAIL, email);
        }
        String phone = Contacts.phoneE164(request.phone(), config.defaultRegion())
                .orElseThrow(() -> new InvalidInputException("phone", "is not a valid phone number"));
        return new Contact(ContactType.PHONE, phone);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
