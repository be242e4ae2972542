package dev.outreach.channel.email;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The one SendGrid v3 call we make: send one email. Errors come back as responses, not exceptions. */
@RegisterRestClient(configKey = "sendgrid")
@Path("/v3")
public interface SendGridApi {

    @POST
    @Path("/mail/send")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> send(@HeaderParam("Authorization") String authorization, Mail mail);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mail(
            List<Personalization> personalizations,
            Address from,
            String subject,
            List<Content> content,
            Map<String, String> headers) {}

    record Personalization(
            List<Address> to, @JsonProperty("custom_args") Map<String, String> customArgs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Address(String email, String name) {}

    record Content(String type, String value) {}
}
