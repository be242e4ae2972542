package dev.outreach.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Google Places API (New), Text Search: one page of up to 20 places per call, the next page by
 * {@code pageToken}. The field mask asks only for what a lead needs. Errors come back as responses.
 */
@RegisterRestClient(configKey = "places")
@Path("/v1")
public interface PlacesApi {

    String FIELDS = "places.id,places.displayName,places.formattedAddress,places.addressComponents,"
            + "places.internationalPhoneNumber,places.websiteUri,places.primaryType,places.types,"
            + "places.businessStatus,nextPageToken";

    @POST
    @Path("/places:searchText")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> searchText(
            @HeaderParam("X-Goog-Api-Key") String key, @HeaderParam("X-Goog-FieldMask") String fields, SearchText body);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SearchText(String textQuery, Integer pageSize, String pageToken, String regionCode) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Page(List<Place> places, String nextPageToken) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Place(
            String id,
            Text displayName,
            String formattedAddress,
            List<AddressComponent> addressComponents,
            String internationalPhoneNumber,
            String websiteUri,
            String primaryType,
            List<String> types,
            String businessStatus) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Text(String text) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record AddressComponent(String longText, String shortText, List<String> types) {}
}
