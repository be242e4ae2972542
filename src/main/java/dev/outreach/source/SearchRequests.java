package dev.outreach.source;

import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Lead searches as an operator asks for them, from the API or the console: checked field by field
 * (every problem named at once, nothing started), then started in the background by {@link SearchJobs}.
 */
@ApplicationScoped
public class SearchRequests {

    public static final int DEFAULT_LIMIT = 60;
    public static final int MAX_LIMIT = 200;

    private final PlacesSource places;
    private final DirectorySource directory;
    private final SearchJobs jobs;

    SearchRequests(PlacesSource places, DirectorySource directory, SearchJobs jobs) {
        this.places = places;
        this.directory = directory;
        this.jobs = jobs;
    }

    /** A Google Places search: "category in city", up to {@code limit} places. */
    public record Search(String category, String city, Integer limit) {}

    /** A public directory: its first listing page and CSS selectors ('@attr' reads an attribute). */
    public record DirectorySearch(
            String startUrl,
            String item,
            String name,
            String phone,
            String website,
            String email,
            String city,
            String category,
            String next,
            Integer limit) {}

    public boolean placesAvailable() {
        return places.available();
    }

    /** Starts a Places search; its id. 400 naming each bad field, 409 when Places is not configured. */
    public Uni<Long> places(Search search, String actor) {
        return places(search, actor, null);
    }

    /** Starts this week's run of a weekly search (by "schedule"); its id. */
    Uni<Long> scheduled(long schedule, Search search) {
        return places(search, "schedule", schedule);
    }

    private Uni<Long> places(Search search, String actor, Long schedule) {
        Search checked = checkPlaces(search);
        String category = checked.category();
        String city = checked.city();
        int limit = checked.limit();
        JsonObject params =
                new JsonObject().put("category", category).put("city", city).put("limit", limit);
        return jobs.start(
                places, category + " in " + city, params, () -> places.search(category, city, limit), actor, schedule);
    }

    /** The search with its fields checked (trimmed, the default limit applied): 400 or 409 as for a search. */
    Search checkPlaces(Search search) {
        List<FieldError> errors = new ArrayList<>();
        String category = required(search == null ? null : search.category(), "category", errors);
        String city = required(search == null ? null : search.city(), "city", errors);
        int limit = limit(search == null ? null : search.limit(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!places.available()) {
            throw new ConflictException("source", "Google Places is not configured: set GOOGLE_PLACES_API_KEY");
        }
        return new Search(category, city, limit);
    }

    /** Starts reading a directory; its id. 400 naming each bad field. */
    public Uni<Long> directory(DirectorySearch search, String actor) {
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
        String phone = selector(search.phone(), "phone", false, errors);
        String website = selector(search.website(), "website", false, errors);
        String email = selector(search.email(), "email", false, errors);
        String city = selector(search.city(), "city", false, errors);
        String category = selector(search.category(), "category", false, errors);
        String next = selector(search.next(), "next", false, errors);
        int limit = limit(search.limit(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        DirectorySource.Listing listing =
                new DirectorySource.Listing(start, item, name, phone, website, email, city, category, next);
        JsonObject params = new JsonObject()
                .put("startUrl", start)
                .put("item", item)
                .put("name", name)
                .put("phone", phone)
                .put("website", website)
                .put("email", email)
                .put("city", city)
                .put("category", category)
                .put("next", next)
                .put("limit", limit);
        return jobs.start(directory, start, params, () -> directory.search(listing, null, null, limit), actor, null);
    }

    private static int limit(Integer given, List<FieldError> errors) {
        int limit = given == null ? DEFAULT_LIMIT : given;
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        return limit;
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
