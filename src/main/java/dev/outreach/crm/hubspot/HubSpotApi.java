package dev.outreach.crm.hubspot;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * HubSpot's CRM v3 API, the calls Outreach makes with a private app's token (Bearer): contact and
 * company properties, contacts and companies (upserted by our unique property), notes and deals
 * (created with their association to the contact), searches, and the v4 default association of a
 * contact with its company. Bodies are JSON text; answers come back as responses.
 */
@RegisterRestClient(configKey = "hubspot")
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
public interface HubSpotApi {

    /** The account's details: its {@code portalId} makes the links to records. */
    @GET
    @Path("/account-info/v3/details")
    Response account(@HeaderParam("Authorization") String auth);

    /** {@code type}: {@code contacts} or {@code companies}. */
    @GET
    @Path("/crm/v3/properties/{type}/{name}")
    Response property(
            @HeaderParam("Authorization") String auth, @PathParam("type") String type, @PathParam("name") String name);

    @POST
    @Path("/crm/v3/properties/{type}")
    Response createProperty(@HeaderParam("Authorization") String auth, @PathParam("type") String type, String body);

    /** Creates or updates records by the {@code idProperty} each input names. */
    @POST
    @Path("/crm/v3/objects/{type}/batch/upsert")
    Response upsert(@HeaderParam("Authorization") String auth, @PathParam("type") String type, String body);

    /** The default (unlabelled) association between two records; making it again changes nothing. */
    @PUT
    @Path("/crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}")
    Response associate(
            @HeaderParam("Authorization") String auth,
            @PathParam("from") String from,
            @PathParam("fromId") String fromId,
            @PathParam("to") String to,
            @PathParam("toId") String toId);

    @PATCH
    @Path("/crm/v3/objects/contacts/{id}")
    Response updateContact(@HeaderParam("Authorization") String auth, @PathParam("id") String id, String body);

    @POST
    @Path("/crm/v3/objects/{type}")
    Response create(@HeaderParam("Authorization") String auth, @PathParam("type") String type, String body);

    @POST
    @Path("/crm/v3/objects/{type}/search")
    Response search(@HeaderParam("Authorization") String auth, @PathParam("type") String type, String body);
}
