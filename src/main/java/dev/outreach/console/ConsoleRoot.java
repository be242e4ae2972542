package dev.outreach.console;

import dev.outreach.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code /console} opens the overview. */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ConsoleRoot {

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/console/overview")).build();
    }
}
