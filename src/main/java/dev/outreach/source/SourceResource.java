package dev.outreach.source;

import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator-triggered searches of public lead sources, run in the background: a
 * search is accepted with 202 and its id, and read back with its progress while it runs.
 */
@Path("/api/sources")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Lead sources")
public class SourceResource {

    static final int RECENT = 50;

    private final SearchRequests requests;
    private final SearchJobs jobs;
    private final SearchQueries queries;
    private final SearchSchedules schedules;
    private final SecurityIdentity identity;

    SourceResource(
            SearchRequests requests,
            SearchJobs jobs,
            SearchQueries queries,
            SearchSchedules schedules,
            SecurityIdentity identity) {
        this.schedules = schedules;
        this.requests = requests;
        this.jobs = jobs;
        this.queries = queries;
        this.identity = identity;
    }

    @POST
    @Path("/google_places/searches")
    @Operation(
            summary = "Start a Google Places search for 'category in city' in the background",
            description = "202 with the search (its id, status running); follow it at /api/sources/searches/{id}. "
                    + "Leads are normalised, de-duplicated and verified like any other as they arrive. 409 when "
                    + "GOOGLE_PLACES_API_KEY is not set. A source failing part-way keeps what it fetched; the search "
                    + "ends failed and says why it stopped.")
    public Uni<Response> searchPlaces(SearchRequests.Search search) {
        return accepted(requests.places(search, Actor.of(identity)));
    }

    @POST
    @Path("/directory/searches")
    @Operation(
            summary = "Start reading a public business directory in the background",
            description = "202 with the search (its id, status running); follow it at /api/sources/searches/{id}. "
                    + "startUrl is the first listing page; item, name (required) and phone, website, email, city, "
                    + "category, next are CSS selectors (jsoup), with '@attr' to read an attribute, e.g. 'a.next@href'. "
                    + "Only pages robots.txt allows are fetched, at its Crawl-delay.")
    public Uni<Response> searchDirectory(SearchRequests.DirectorySearch search) {
        return accepted(requests.directory(search, Actor.of(identity)));
    }

    private Uni<Response> accepted(Uni<Long> started) {
        return started.flatMap(queries::get)
                .map(view -> Response.accepted(view)
                        .location(URI.create("/api/sources/searches/" + view.id()))
                        .build());
    }

    @GET
    @Path("/searches")
    @Operation(summary = "The latest lead searches, newest first (" + RECENT + ")")
    public Uni<List<SearchQueries.SearchView>> searches() {
        return queries.recent(RECENT);
    }

    @GET
    @Path("/searches/{id}")
    @Operation(summary = "A lead search: status (running, completed, failed, cancelled), counters, problems, error")
    public Uni<SearchQueries.SearchView> search(@PathParam("id") long id) {
        return queries.get(id);
    }

    @POST
    @Path("/searches/{id}/cancel")
    @Operation(summary = "Stop a running search; the leads it took in stay (409 when it has ended)")
    public Uni<SearchQueries.SearchView> cancel(@PathParam("id") long id) {
        return jobs.cancel(id, Actor.of(identity)).flatMap(x -> queries.get(id));
    }

    @GET
    @Path("/schedules")
    @Operation(summary = "The weekly Google Places searches not stopped")
    public Uni<List<SearchSchedules.Schedule>> weekly() {
        return schedules.active();
    }

    @POST
    @Path("/schedules")
    @Operation(
            summary = "Run a Google Places search every week",
            description = "category, city, limit as for a search; weekday (monday … sunday) and at (07:30) in the "
                    + "business time zone. Each week's run is a search like any other, started by 'schedule'.")
    public Uni<Response> schedule(SearchSchedules.Request request) {
        return schedules
                .create(request, Actor.of(identity))
                .map(s -> Response.created(URI.create("/api/sources/schedules/" + s.id()))
                        .entity(s)
                        .build());
    }

    @POST
    @Path("/schedules/{id}/stop")
    @Operation(summary = "Stop a weekly search (kept, with the searches it ran)")
    public Uni<SearchSchedules.Schedule> stop(@PathParam("id") long id) {
        return schedules.stop(id, Actor.of(identity));
    }
}
