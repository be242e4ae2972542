package dev.outreach.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One answer of a CRM's REST API, read the same way for both: 2xx is the body; 429 is busy until its
 * {@code Retry-After}; 5xx, 408 and a lost connection are busy (thrown inside the fault-tolerance
 * policy, so they count for the circuit breaker); 401 and 403 are a refused token; the rest
 * is refused for good. What the CRM said is kept short and never holds our token.
 */
public record CrmHttp(int status, JsonNode body, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Calls the API; a lost connection or timeout is {@link CrmFailure.Busy}. */
    public static CrmHttp call(String crm, Supplier<Response> call) {
        Response response;
        try {
            response = call.get();
        } catch (ProcessingException e) {
            throw new CrmFailure.Busy(crm + " could not be reached: " + rootMessage(e), null);
        }
        try (response) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            JsonNode body;
            try {
                body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                body = JSON.createObjectNode();
            }
            CrmHttp reply = new CrmHttp(response.getStatus(), body, text);
            if (response.getStatus() == 429) {
                throw new CrmFailure.Busy(
                        crm + " asked us to slow down (429)",
                        Duration.ofSeconds(retryAfter(response.getHeaderString("Retry-After"))));
            }
            if (response.getStatus() / 100 == 5 || response.getStatus() == 408) {
                throw new CrmFailure.Busy(reply.problem(crm, "a request"), null);
            }
            return reply;
        }
    }

    private String problem(String crm, String what) {
        String said = body.path("message").asText(body.path("error").asText(text));
        return crm + " answered " + status + " to " + what + ": " + said.substring(0, Math.min(said.length(), 200));
    }

    /** The body of a 2xx answer, else the failure it means. */
    public JsonNode ok(String crm, String what) {
        if (status / 100 == 2) {
            return body;
        }
        String problem = problem(crm, what);
        if (status == 401 || status == 403) {
            throw new CrmFailure.TokenRefused(problem);
        }
        throw new CrmFailure.Refused(problem);
    }

    /** Seconds to wait: {@code Retry-After} in seconds, else 10. */
    static long retryAfter(String header) {
        if (header != null) {
            try {
                return Math.max(1, Math.min(Long.parseLong(header.strip()), 3600));
            } catch (NumberFormatException e) {
                // an HTTP date, or nothing useful: wait the usual time
            }
        }
        return 10;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
