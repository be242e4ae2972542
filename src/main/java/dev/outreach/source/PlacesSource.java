package dev.outreach.source;

import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadInput;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Places as a lead source: Text Search for "category in city", page after page
 * until the limit or the last page; permanently closed places are skipped. Each page is fetched by
 * {@link PlacesPages} inside its fault-tolerance policy.
 */
@ApplicationScoped
public class PlacesSource implements LeadSource {

    public static final String NAME = "google_places";
    static final int PAGE_SIZE = 20;

    private final PlacesPages pages;
    private final OutreachConfig config;

    PlacesSource(PlacesPages pages, OutreachConfig config) {
        this.pages = pages;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean available() {
        return config.places().apiKey().isPresent();
    }

    /** Up to {@code limit} places for "category in city". */
    public Multi<LeadInput> search(String category, String city, int limit) {
        String query = category + " in " + city;
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> new PageState(),
                        state -> pages.page(query, state.token).invoke(page -> {
                            state.token = page.nextPageToken();
                            state.pages++;
                        }))
                .whilst(page ->
                        page.nextPageToken() != null && !page.nextPageToken().isBlank())
                .onItem()
                .transformToIterable(page -> page.places() == null ? List.<PlacesApi.Place>of() : page.places())
                .filter(place -> !"CLOSED_PERMANENTLY".equals(place.businessStatus()))
                .select()
                .first(limit)
                .map(place -> toLead(place, category, city));
    }

    private static final class PageState {
        String token;
        int pages;
    }

    static LeadInput toLead(PlacesApi.Place place, String category, String city) {
        String country = null;
        String locality = null;
        if (place.addressComponents() != null) {
            for (PlacesApi.AddressComponent component : place.addressComponents()) {
                List<String> types = component.types() == null ? List.of() : component.types();
                if (types.contains("country")) {
                    country = component.shortText();
                }
                if (types.contains("locality")) {
                    locality = component.longText();
                }
            }
        }
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("placeId", place.id());
        if (place.formattedAddress() != null) {
            metadata.put("address", place.formattedAddress());
        }
        if (place.types() != null) {
            metadata.put("types", new ArrayList<>(place.types()));
        }
        return new LeadInput(
                NAME,
                place.displayName() == null ? null : place.displayName().text(),
                locality != null ? locality : city,
                place.primaryType() != null ? place.primaryType() : category,
                place.websiteUri(),
                null,
                place.internationalPhoneNumber(),
                country,
                null,
                metadata);
    }
}
