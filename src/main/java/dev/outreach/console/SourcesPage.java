package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.source.SearchJobs;
import dev.outreach.source.SearchQueries;
import dev.outreach.source.SearchRequests;
import dev.outreach.source.SearchSchedules;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Lead searches from the console: start a Google Places or directory search, watch it take
 * leads in live, read its problems and its error, cancel it. The searches run in the background; a
 * page closed meanwhile loses nothing.
 */
@Path("/console/sources")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class SourcesPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final SearchRequests requests;
    private final SearchJobs jobs;
    private final SearchQueries queries;
    private final SearchSchedules schedules;

    SourcesPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            SearchRequests requests,
            SearchJobs jobs,
            SearchQueries queries,
            SearchSchedules schedules) {
        this.schedules = schedules;
        this.chrome = chrome;
        this.identity = identity;
        this.requests = requests;
        this.jobs = jobs;
        this.queries = queries;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance sources(
                Chrome chrome,
                boolean placesAvailable,
                List<SearchQueries.SearchView> recent,
                int maxLimit,
                List<SearchSchedules.Schedule> weekly,
                SearchForm typed);

        static native TemplateInstance search(Chrome chrome, SearchQueries.SearchView search);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@CookieParam(Flash.COOKIE) String flash) {
        return render(flash, SearchForm.NONE);
    }

    private Uni<Response> render(String flash, SearchForm typed) {
        return chrome.of(identity, flash, "sources")
                .flatMap(c -> queries.recent(25)
                        .flatMap(recent -> schedules
                                .active()
                                .map(weekly -> Response.ok(Templates.sources(
                                                c,
                                                requests.placesAvailable(),
                                                recent,
                                                SearchRequests.MAX_LIMIT,
                                                weekly,
                                                typed))
                                        .cookie(Flash.clear())
                                        .build())));
    }

    @POST
    @Path("/places")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> places(@RestForm String category, @RestForm String city, @RestForm String limit) {
        return started(
                () -> requests.places(new SearchRequests.Search(category, city, number(limit)), Actor.of(identity)),
                new SearchForm("places", SearchForm.of("category", category, "city", city, "limit", limit), null));
    }

    @POST
    @Path("/directory")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> directory(
            @RestForm String startUrl,
            @RestForm String item,
            @RestForm String name,
            @RestForm String phone,
            @RestForm String website,
            @RestForm String email,
            @RestForm String city,
            @RestForm String category,
            @RestForm String next,
            @RestForm String limit) {
        return started(
                () -> requests.directory(
                        new SearchRequests.DirectorySearch(
                                startUrl, item, name, phone, website, email, city, category, next, number(limit)),
                        Actor.of(identity)),
                new SearchForm(
                        "directory",
                        SearchForm.of(
                                "startUrl",
                                startUrl,
                                "item",
                                item,
                                "name",
                                name,
                                "phone",
                                phone,
                                "website",
                                website,
                                "email",
                                email,
                                "city",
                                city,
                                "category",
                                category,
                                "next",
                                next,
                                "limit",
                                limit),
                        null));
    }

    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "limit", "must be a whole number between 1 and " + SearchRequests.MAX_LIMIT);
        }
    }

    /** Started: to the search's page. Refused: this page again, the form as typed, the problem beside it. */
    private Uni<Response> started(Supplier<Uni<Long>> start, SearchForm typed) {
        return Uni.createFrom()
                .<Long>deferred(start::get)
                .map(id -> Flash.redirect("/console/sources/" + id, "Search started: leads are taken in as they come."))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> render(
                        null,
                        new SearchForm(
                                typed.form(),
                                typed.values(),
                                "Not started: " + Problems.of((InvalidInputException) e))))
                .onFailure(ConflictException.class)
                .recoverWithUni(e ->
                        render(null, new SearchForm(typed.form(), typed.values(), "Not started: " + e.getMessage())));
    }

    @POST
    @Path("/schedules")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> schedule(
            @RestForm String category,
            @RestForm String city,
            @RestForm String limit,
            @RestForm String weekday,
            @RestForm String at) {
        return Uni.createFrom()
                .<SearchSchedules.Schedule>deferred(() -> schedules.create(
                        new SearchSchedules.Request(category, city, number(limit), weekday, at), Actor.of(identity)))
                .map(s -> Flash.redirect("/console/sources", "Every week from now: " + s.describe() + "."))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> render(
                        null,
                        new SearchForm(
                                "weekly",
                                SearchForm.of("category", category, "city", city, "weekday", weekday, "at", at),
                                "Not scheduled: " + Problems.of((InvalidInputException) e))))
                .onFailure(ConflictException.class)
                .recoverWithUni(e -> render(
                        null,
                        new SearchForm(
                                "weekly",
                                SearchForm.of("category", category, "city", city, "weekday", weekday, "at", at),
                                "Not scheduled: " + e.getMessage())));
    }

    @POST
    @Path("/schedules/{id}/stop")
    public Uni<Response> stopSchedule(@PathParam("id") long id) {
        return schedules
                .stop(id, Actor.of(identity))
                .map(s -> Flash.redirect("/console/sources", "Stopped: " + s.describe() + "."))
                .onFailure(e -> e instanceof ConflictException || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect("/console/sources", "Not stopped: " + e.getMessage()));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> search(@PathParam("id") long id, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "sources")
                .flatMap(c -> queries.get(id)
                        .map(search -> Response.ok(Templates.search(c, search))
                                .cookie(Flash.clear())
                                .build()));
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<Response> cancel(@PathParam("id") long id) {
        return jobs.cancel(id, Actor.of(identity))
                .map(x -> Flash.redirect("/console/sources/" + id, "Cancelled: the leads taken in so far stay."))
                .onFailure(ConflictException.class)
                .recoverWithItem(e -> Flash.redirect("/console/sources/" + id, "Not cancelled: " + e.getMessage()));
    }

    /** Progress as server-sent events, one every half second, ending with the search. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> events(@PathParam("id") long id) {
        return Progress.events(() -> queries.get(id).map(SourcesPage::json));
    }

    static JsonObject json(SearchQueries.SearchView search) {
        return new JsonObject()
                .put("status", search.status())
                .put("fetched", search.fetched())
                .put("created", search.created())
                .put("duplicates", search.duplicates())
                .put("rejected", search.rejected())
                .put("error", search.error());
    }
}
