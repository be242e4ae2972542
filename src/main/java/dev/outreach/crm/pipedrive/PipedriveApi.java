package dev.outreach.crm.pipedrive;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Pipedrive's API, the calls Outreach makes with an API token (sent in the {@code x-api-token} header,
 * never in a URL): person fields, persons, organizations, notes and deals (v1), and what changed
 * since a time (v2, {@code updated_since}). Bodies are JSON text; answers come back as responses.
 */
@RegisterRestClient(configKey = "pipedrive")
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
public interface PipedriveApi {

    @GET
    @Path("/v1/personFields")
    Response personFields(@HeaderParam("x-api-token") String token);

    @POST
    @Path("/v1/personFields")
    Response createPersonField(@HeaderParam("x-api-token") String token, String body);

    @GET
    @Path("/v1/persons/search")
    Response searchPersons(
            @HeaderParam("x-api-token") String token,
            @QueryParam("term") String term,
            @QueryParam("fields") String fields,
            @QueryParam("exact_match") boolean exact);

    @POST
    @Path("/v1/persons")
    Response createPerson(@HeaderParam("x-api-token") String token, String body);

    @PUT
    @Path("/v1/persons/{id}")
    Response updatePerson(@HeaderParam("x-api-token") String token, @PathParam("id") String id, String body);

    @GET
    @Path("/v1/organizations/search")
    Response searchOrganizations(
            @HeaderParam("x-api-token") String token,
            @QueryParam("term") String term,
            @QueryParam("fields") String fields,
            @QueryParam("exact_match") boolean exact);

    @POST
    @Path("/v1/organizations")
    Response createOrganization(@HeaderParam("x-api-token") String token, String body);

    @GET
    @Path("/v1/notes")
    Response notes(
            @HeaderParam("x-api-token") String token,
            @QueryParam("person_id") String personId,
            @QueryParam("limit") int limit,
            @QueryParam("sort") String sort);

    @POST
    @Path("/v1/notes")
    Response createNote(@HeaderParam("x-api-token") String token, String body);

    @GET
    @Path("/v1/persons/{id}/deals")
    Response personDeals(
            @HeaderParam("x-api-token") String token, @PathParam("id") String id, @QueryParam("status") String status);

    @POST
    @Path("/v1/deals")
    Response createDeal(@HeaderParam("x-api-token") String token, String body);

    @GET
    @Path("/api/v2/persons")
    Response personsSince(
            @HeaderParam("x-api-token") String token,
            @QueryParam("updated_since") String since,
            @QueryParam("limit") int limit,
            @QueryParam("sort_by") String sortBy,
            @QueryParam("sort_direction") String direction);

    @GET
    @Path("/api/v2/persons/{id}")
    Response person(@HeaderParam("x-api-token") String token, @PathParam("id") String id);

    @GET
    @Path("/api/v2/deals")
    Response dealsSince(
            @HeaderParam("x-api-token") String token,
            @QueryParam("updated_since") String since,
            @QueryParam("person_id") String personId,
            @QueryParam("limit") int limit);
}
