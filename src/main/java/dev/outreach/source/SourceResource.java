package dev.outreach.source;

import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/** Operator-triggered searches of public lead sources (R-1.1). */
@Path("/api/sources")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Lead sources")
public class SourceResource {

    static final int DEFAULT_LIMIT = 60;
    static final int MAX_LIMIT = 200;

    private final PlacesSource places;
    private final DirectorySource directory;
    private final SourceRuns runs;
    private final SecurityIdentity identity;

    SourceResource(PlacesSource places, DirectorySource directory, SourceRuns runs, SecurityIdentity identity) {
        this.places = places;
        this.directory = directory;
        this.runs = runs;
        this.identity = identity;
    }

    public record Search(String category, String city, Integer limit) {
    }

    @POST
    @Path("/google_places/searches")
    @Operation(summary = "Search Google Places for 'category in city' and take in the results",
            description = "Leads are normalised, de-duplicated and verified like any other. 409 when "
                    + "GOOGLE_PLACES_API_KEY is not set. A source failing part-way keeps what it fetched; the answer "
                    + "says why it stopped.")
    public Uni<SourceRuns.Summary> searchPlaces(Search search) {
        List<FieldError> errors = new ArrayList<>();
        String category = required(search == null ? null : search.category(), "category", errors);
        String city = required(search == null ? null : search.city(), "city", errors);
        int limit = search == null || search.limit() == null ? DEFAULT_LIMIT : search.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!places.available()) {
            throw new ConflictException("source", "Google Places is not configured: set GOOGLE_PLACES_API_KEY");
        }
        return runs.run(places, category + " in " + city, places.search(category, city, limit), Actor.of(identity));
    }

    public record DirectorySearch(String startUrl, String item, String name, String phone, String website, String email,
            String city, String category, String next, Integer limit) {
    }

    @POST
    @Path("/directory/searches")
    @Operation(summary = "Read a public business directory and take in its entries",
            description = "startUrl is the first listing page; item, name (required) and phone, website, email, city, "
                    + "category, next are CSS selectors (jsoup), with '@attr' to read an attribute, e.g. 'a.next@href'. "
                    + "Only pages robots.txt allows are fetched, at its Crawl-delay.")
    public Uni<SourceRuns.Summary> searchDirectory(DirectorySearch search) {
        if (search == null) {
            throw new InvalidInputException("body", "a JSON object with startUrl, item and name is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String start = required(search.startUrl(), "startUrl", errors);
        if (start != null && !start.matches("(?i)^https?://[^\\s/]+.*")) {
            errors.add(new FieldError("startUrl", "must be an http(s) address"));
        }
        String item = selector(search.item(), "item", true, errors);
        String name = selector(search.name(), "name", true, errors);
        for (String[] optional : new String[][] { { "phone", search.phone() }, { "website", search.website() },
                { "email", search.email() }, { "city", search.city() }, { "category", search.category() },
                { "next", search.next() } }) {
            selector(optional[1], optional[0], false, errors);
        }
        int limit = search.limit() == null ? DEFAULT_LIMIT : search.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        DirectorySource.Listing listing = new DirectorySource.Listing(start, item, name, search.phone(),
                search.website(), search.email(), search.city(), search.category(), search.next());
        return runs.run(directory, start, directory.search(listing, null, null, limit), Actor.of(identity));
    }

    /** A jsoup selector, optionally with '@attribute'; checked by parsing it. */
    private static String selector(String value, String field, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String css = value.contains("@") ? value.substring(0, value.lastIndexOf('@')) : value;
        try {
            QueryParser.parse(css);
        } catch (Selector.SelectorParseException e) {
            errors.add(new FieldError(field, "is not a CSS selector: " + e.getMessage()));
        }
        return value.strip();
    }

    private static String required(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > 100) {
            errors.add(new FieldError(field, "must be at most 100 characters"));
        }
        return trimmed;
    }
}
