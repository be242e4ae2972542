package dev.outreach.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ZeroBounce v2 single-address validation. Errors come back as responses, not exceptions. */
@RegisterRestClient(configKey = "zerobounce")
@Path("/v2")
public interface ZeroBounceApi {

    @GET
    @Path("/validate")
    Uni<Response> validate(
            @QueryParam("api_key") String key,
            @QueryParam("email") String email,
            @QueryParam("ip_address") String ipAddress);

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Validation(
            String address,
            String status,
            @JsonProperty("sub_status") String subStatus,
            @JsonProperty("free_email") Boolean freeEmail,
            String error) {}
}
