package dev.outreach.webhook;

import com.twilio.security.RequestValidator;
import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} with the SDK's validator. The URL Twilio signed is the
 * public one, {@code OUTREACH_PUBLIC_BASE_URL} plus the request's path and query, so the check holds
 * behind a TLS-terminating proxy that changes scheme, host or port.
 */
@ApplicationScoped
public class TwilioSignatures {

    private final OutreachConfig config;

    TwilioSignatures(OutreachConfig config) {
        this.config = config;
    }

    /** True only with an auth token configured and a signature over exactly this URL and these parameters. */
    public boolean valid(String pathAndQuery, Map<String, String> formParameters, String signature) {
        if (signature == null
                || signature.isBlank()
                || config.twilio().authToken().isEmpty()) {
            return false;
        }
        String url = config.publicBaseUrl().toString().replaceAll("/+$", "") + pathAndQuery;
        return new RequestValidator(config.twilio().authToken().get()).validate(url, formParameters, signature);
    }
}
