package dev.outreach.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * One WireMock server on a dynamic port standing in for every HTTP provider (Twilio, SendGrid, and
 * the others as they come). Tests stub and verify through {@link #server()} and reset it themselves.
 */
public class ProvidersResource implements QuarkusTestResourceLifecycleManager {

    public static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String TWILIO_TOKEN = "test-twilio-auth-token-0123456789";
    public static final String TWILIO_FROM = "+15005550006";
    public static final String SENDGRID_KEY = "SG.test-sendgrid-key-0123456789";
    public static final String OPENAI_KEY = "sk-test-openai-key-0123456789";
    public static final String PLACES_KEY = "AIza-test-places-key-0123456789";
    public static final String ZEROBOUNCE_KEY = "zb-test-key-0123456789";
    public static final String HUBSPOT_TOKEN = "pat-na1-test-hubspot-token-0123456789";
    public static final String PIPEDRIVE_TOKEN = "test-pipedrive-token-0123456789abcdef";

    private static WireMockServer server;
    private static FakeDns dns;

    /** The loopback DNS server that answers the MX look-ups of email verification. */
    public static synchronized FakeDns dns() {
        if (dns == null) {
            try {
                dns = new FakeDns();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return dns;
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(
                    WireMockConfiguration.options().dynamicPort().containerThreads(16));
            server.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String base = "http://localhost:" + server().port();
        SenderDomainRecords.publishAll(dns().records());
        return Map.ofEntries(
                // Every SMTP email is DKIM-signed with the test key; the sender domain publishes it.
                Map.entry("outreach.dkim.selector", SenderDomainRecords.SELECTOR),
                Map.entry(
                        "outreach.dkim.private-key-path",
                        SenderDomainRecords.privateKeyFile().toString()),
                Map.entry("outreach.twilio.base-url", base),
                Map.entry("outreach.twilio.account-sid", TWILIO_SID),
                Map.entry("outreach.twilio.auth-token", TWILIO_TOKEN),
                Map.entry("outreach.twilio.from-number", TWILIO_FROM),
                Map.entry("outreach.sendgrid.base-url", base),
                Map.entry("outreach.sendgrid.api-key", SENDGRID_KEY),
                Map.entry("outreach.sendgrid.webhook-public-key", SendGridRequests.publicKeyBase64()),
                Map.entry("outreach.calcom.webhook-secret", SchedulerRequests.CALCOM_SECRET),
                Map.entry("outreach.calendly.webhook-signing-key", SchedulerRequests.CALENDLY_KEY),
                // The language model is WireMock too: unstubbed it answers 404, and the keyword fallback applies.
                Map.entry("outreach.openai.api-key", OPENAI_KEY),
                Map.entry("quarkus.langchain4j.openai.api-key", OPENAI_KEY),
                Map.entry("quarkus.langchain4j.openai.base-url", base + "/v1/"),
                Map.entry("quarkus.langchain4j.openai.max-retries", "1"),
                Map.entry("outreach.dns-servers", dns().address()),
                Map.entry("outreach.places.base-url", base),
                Map.entry("outreach.places.api-key", PLACES_KEY),
                // ZeroBounce too: unstubbed it answers 404, which gives no verdict, and the MX look-up decides.
                Map.entry("outreach.verifier.base-url", base),
                Map.entry("outreach.verifier.api-key", ZEROBOUNCE_KEY),
                // The CRMs too; OUTREACH_CRM stays none except in the tests that choose one (CrmOn).
                Map.entry("outreach.crm.hubspot.base-url", base),
                Map.entry("outreach.crm.hubspot.token", HUBSPOT_TOKEN),
                Map.entry("outreach.crm.pipedrive.base-url", base),
                Map.entry("outreach.crm.pipedrive.token", PIPEDRIVE_TOKEN));
    }

    @Override
    public void stop() {
        // shared by every test class and restart
    }
}
