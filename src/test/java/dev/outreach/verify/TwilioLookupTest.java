package dev.outreach.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Twilio Lookup v2 line types when switched on (WireMock as Twilio); libphonenumber otherwise. */
@QuarkusTest
@TestProfile(TwilioLookupTest.LookupOn.class)
class TwilioLookupTest {

    public static class LookupOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outreach.verifier.twilio-lookup", "true");
        }
    }

    @Inject
    LeadVerifier verifier;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    void lineTypesComeFromTwilio() {
        lookup("9812345601", 200, answer("+919812345601", true, "landline"));
        lookup("9812345602", 200, answer("+919812345602", true, "nonFixedVoip"));
        lookup("9812345603", 200, answer("+919812345603", false, null));
        lookup("9812345604", 500, "{\"code\":20500,\"message\":\"boom\",\"status\":500}");

        PhoneVerdict landline = check("+919812345601");
        assertThat(landline.provider()).isEqualTo("twilio_lookup");
        assertThat(landline.lineType()).isEqualTo("landline");
        assertThat(landline.businessLine()).isTrue();
        assertThat(check("+919812345602").usable(0.6))
                .as("a burner VoIP number goes to review")
                .isFalse();
        assertThat(check("+919812345603").valid()).isFalse();
        PhoneVerdict fallback = check("+919812345604");
        assertThat(fallback.provider())
                .as("Twilio failing: libphonenumber decides")
                .isEqualTo("libphonenumber");
        assertThat(fallback.valid()).isTrue();
    }

    // Lookup is billed per number: what it answered is read back before asking again, unless the
    // operator asks to verify again.
    @Test
    void aStoredLookupIsReadBeforeTwilioIsAskedAgain() {
        lookup("9812345611", 200, answer("+919812345611", true, "landline"));
        long lead = Seed.callableLead(pool, "Lookup Once " + java.util.UUID.randomUUID(), "+919812345611");
        verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(20));
        verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(20));
        ProvidersResource.server().verify(1, getRequestedFor(urlPathMatching("/v2/PhoneNumbers/.*9812345611")));
        assertThat(TestData.rows(pool, "select phone_line_type from lead where id = $1", lead)
                        .get(0)
                        .getString("phone_line_type"))
                .isEqualTo("landline");

        verifier.verifyAgain(lead, "test").await().atMost(Duration.ofSeconds(20));
        ProvidersResource.server().verify(2, getRequestedFor(urlPathMatching("/v2/PhoneNumbers/.*9812345611")));
    }

    private PhoneVerdict check(String phone) {
        return verifier.checkPhone(phone).await().atMost(Duration.ofSeconds(20));
    }

    private static void lookup(String digits, int status, String body) {
        ProvidersResource.server()
                .stubFor(get(urlPathMatching("/v2/PhoneNumbers/.*" + digits))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(body)));
    }

    private static String answer(String number, boolean valid, String type) {
        return """
                {"calling_country_code":"91","country_code":"IN","phone_number":"%s","national_format":"098123 45601",
                 "valid":%s,"validation_errors":[],
                 "line_type_intelligence":%s,
                 "url":"https://lookups.twilio.com/v2/PhoneNumbers/%s"}""".formatted(
                number,
                valid,
                type == null ? "null" : "{\"type\":\"" + type + "\",\"carrier_name\":\"X\",\"error_code\":null}",
                number);
    }
}
