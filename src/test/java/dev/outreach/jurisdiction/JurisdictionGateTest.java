package dev.outreach.jurisdiction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's rule {@code jurisdiction} through the real claim, with Twilio on WireMock and
 * the SMTP server GreenMail: what the gate now refuses that it let through before, what a consent or
 * an NCPR upload changes, and the footer's notice of where the address was found.
 */
@QuarkusTest
class JurisdictionGateTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CALLS = "/2010-04-01/Accounts/" + ProvidersResource.TWILIO_SID + "/Calls.json";
    private static final String TEXTS = "/2010-04-01/Accounts/" + ProvidersResource.TWILIO_SID + "/Messages.json";

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
        breakers.resetAll();
        ProvidersResource.server().resetAll();
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(CALLS))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"CA" + "1".repeat(32) + "\", \"status\": \"queued\"}")));
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(TEXTS))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"SM" + "2".repeat(32) + "\"}")));
    }

    @Test
    void aBusinessInitiatedWhatsAppNeedsAnOptInAndGoesAsTheApprovedTemplate() {
        String phone = "+9198" + (10000000 + (int) (Math.random() * 89999999));
        long lead = callable("Chennai Silks", phone, "IN");
        Row refused = awaitEnd(Seed.queued(pool, lead, "whatsapp", phone, "Hello from Acme"));
        assertThat(refused.getString("status")).isEqualTo("cancelled");
        assertThat(verdict(refused, "jurisdiction").getString("reason"))
                .contains("WhatsApp Business Messaging Policy")
                .contains("consent record for whatsapp");
        ProvidersResource.server().verify(0, postRequestedFor(urlEqualTo(TEXTS)));

        TestData.exec(
                pool,
                "insert into consent (contact_type, contact_value, channels, basis, evidence, captured_at, "
                        + "recorded_by) values ('phone', $1, '{whatsapp}', 'express', 'ticked the WhatsApp box', now(), 'test')",
                phone);
        Row sent = awaitEnd(Seed.queued(pool, lead, "whatsapp", phone, "Hello from Acme"));
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(verdict(sent, "jurisdiction").getString("reason")).contains("approved template is sent");
        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(TEXTS))
                        .withRequestBody(containing("To=whatsapp%3A" + phone.replace("+", "%2B")))
                        .withRequestBody(containing("ContentSid=HX0123456789abcdef0123456789abcdef"))
                        .withRequestBody(containing("ContentVariables="
                                + java.net.URLEncoder.encode(
                                        "{\"1\":\"Chennai Silks\",\"2\":\"Acme Web Studio\"}",
                                        java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void anAutomatedCallToAUsMobileNeedsWrittenConsentAndThenGoes() {
        String phone = "+1512555" + (1000 + (int) (Math.random() * 8999));
        long lead = callable("Austin Dental", phone, "US");
        UUID refused = Seed.queued(pool, lead, "call", phone, "call");
        Row cancelled = awaitEnd(refused);
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        String reason = verdict(cancelled, "jurisdiction").getString("reason");
        assertThat(reason)
                .startsWith("US (the lead's country)")
                .contains("TCPA")
                .contains("express_written")
                .contains("POST /api/consents");
        ProvidersResource.server().verify(0, postRequestedFor(urlEqualTo(CALLS)));

        int consent = Api.asOperator(pool)
                .body(new JsonObject()
                        .put("phone", phone)
                        .put("channels", new io.vertx.core.json.JsonArray().add("call"))
                        .put("basis", "express_written")
                        .put("evidence", "signed web form of 30 Nov 2026, copy in the CRM")
                        .put("capturedAt", "2026-11-30T10:15:00+05:30")
                        .encode())
                .post("/api/consents")
                .then()
                .statusCode(201)
                .body("contact", equalTo(phone))
                .body("basis", equalTo("express_written"))
                .extract()
                .path("id");

        UUID allowed = Seed.queued(pool, lead, "call", phone, "call");
        Row sent = awaitEnd(allowed);
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(verdict(sent, "jurisdiction").getString("reason"))
                .contains("consent " + consent)
                .contains("express_written");
        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(CALLS))
                        .withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                        .withRequestBody(containing("From=%2B15005550006")));
    }

    @Test
    void aColdEmailToGermanyIsRefusedNamingUwg() {
        String email = TestData.uniqueEmail("inhaber");
        long lead = Seed.verifiedLead(pool, "Bäckerei Schmidt", "Berlin", email);
        TestData.exec(pool, "update lead set country = 'DE' where id = $1", lead);
        Row cancelled = awaitEnd(Seed.queuedEmail(pool, lead, email, false));
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(verdict(cancelled, "jurisdiction").getString("reason"))
                .startsWith("DE")
                .contains("UWG §7(2)");
        assertThat(cancelled.getString("last_error")).contains("jurisdiction");
        assertThat(MailResource.receivedBy(email)).isEmpty();
    }

    @Test
    void aCallToIndiaWaitsForAFreshNcprListAndTheUploadLetsItGo() {
        TestData.exec(pool, "delete from dnc_upload");
        TestData.exec(
                pool,
                "insert into dnc_upload (source, numbers, uploaded_by, uploaded_at) "
                        + "values ('ncpr', 10, 'test', now() - interval '8 days')");
        String phone = "+9199" + (10000000 + (int) (Math.random() * 89999999));
        long lead = callable("Pune Sweets", phone, "IN");
        Row cancelled = awaitEnd(Seed.queued(pool, lead, "call", phone, "call"));
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(verdict(cancelled, "jurisdiction").getString("reason"))
                .startsWith("IN")
                .contains("TRAI")
                .contains("NCPR")
                .contains("the latest is from");

        Api.asOperator(pool)
                .contentType("text/csv")
                .body("phone\n+919812300000\n")
                .post("/api/dnc?source=ncpr")
                .then()
                .statusCode(200);
        Api.asOperator(pool)
                .contentType("text/csv")
                .body("phone\n+919812300000\n")
                .post("/api/dnc?source=registry")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("source"));
        Row sent = awaitEnd(Seed.queued(pool, lead, "call", phone, "call"));
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(verdict(sent, "jurisdiction").getString("reason")).contains("no prior consent needed");
        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(CALLS)).withRequestBody(containing("From=%2B911401234567")));
    }

    @Test
    void aFirstEmailToTheUkSaysWhereTheAddressWasFoundAndOffersTheRightToObject() throws Exception {
        String email = TestData.uniqueEmail("owner");
        int lead = Api.asOperator(pool)
                .body(new JsonObject()
                        .put("businessName", "Camden Books")
                        .put("email", email)
                        .put("city", "London")
                        .put("country", "GB")
                        .put("sourceUrl", "https://directory.example/london/camden-books")
                        .encode())
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonObject provenance =
                (JsonObject) TestData.rows(pool, "select provenance from lead where id = $1", (long) lead)
                        .get(0)
                        .getValue("provenance");
        assertThat(provenance.getJsonObject("email").getString("ref"))
                .isEqualTo("https://directory.example/london/camden-books");
        assertThat(provenance.getJsonObject("email").getString("by")).isEqualTo("api-key:test-operator");
        TestData.exec(
                pool,
                "update lead set status = 'verified', email_verified = true, verifying_until = null " + "where id = $1",
                (long) lead);

        Row sent = awaitEnd(Seed.queuedEmail(pool, lead, email, false));
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(verdict(sent, "jurisdiction").getString("reason"))
                .startsWith("GB")
                .contains("UK GDPR")
                .contains("right to object");
        TestData.await(WAIT, "the email", () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        assertThat(String.valueOf(mail.getContent()))
                .contains("We found your address on the page https://directory.example/london/camden-books")
                .contains("right to object to our use of your details at any time (GDPR Art 21)");
    }

    @Test
    void consentsAreCheckedFieldByFieldAndAreFinal() {
        var api = Api.asOperator(pool);
        api.body("{\"phone\":\"+15125550100\",\"channels\":[\"email\"],\"basis\":\"express\",\"evidence\":\"x\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("channels"));
        api.body("{\"email\":\"a@b.example\",\"channels\":[\"email\"],\"basis\":\"maybe\",\"evidence\":\"x\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("basis"));
        api.body("{\"email\":\"a@b.example\",\"channels\":[\"email\"],\"basis\":\"express\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("evidence"));
        api.body("{\"email\":\"a@b.example\",\"channels\":[\"email\"],\"basis\":\"express\",\"evidence\":\"x\","
                        + "\"capturedAt\":\"yesterday\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("capturedAt"));
        // No date is no consent (issue 29): an empty or a future date is refused, none is made up.
        api.body("{\"email\":\"a@b.example\",\"channels\":[\"email\"],\"basis\":\"express\",\"evidence\":\"x\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("capturedAt"));
        api.body("{\"email\":\"a@b.example\",\"channels\":[\"email\"],\"basis\":\"express\",\"evidence\":\"x\","
                        + "\"capturedAt\":\"2099-01-01T10:00:00+05:30\"}")
                .post("/api/consents")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("future"));
        api.body("{\"email\":\"gone@b.example\",\"reason\":\"asked\"}")
                .post("/api/opt-outs")
                .then()
                .statusCode(201);
        api.body("{\"email\":\"gone@b.example\",\"channels\":[\"email\"],\"basis\":\"express\",\"evidence\":\"x\","
                        + "\"capturedAt\":\"2026-11-30T10:15:00+05:30\"}")
                .post("/api/consents")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("opted out"));
        int id = api.body("{\"email\":\"Shop@B.example\",\"channels\":[\"email\"],\"basis\":\"express\","
                        + "\"evidence\":\"said yes on the phone, 1 Dec\",\"capturedAt\":\"2026-11-30T10:15:00+05:30\"}")
                .post("/api/consents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        api.get("/api/consents?q=shop@b")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].contact", equalTo("shop@b.example"));
        assertThatThrownBy(() -> TestData.exec(pool, "update consent set basis = 'express_written'"))
                .hasMessageContaining("consent records are final");
        assertThatThrownBy(() -> TestData.exec(pool, "delete from consent")).hasMessageContaining("final");

        // Withdrawn with a reason (issue 29): kept, audited, never withdrawn twice, and then nothing else changes.
        api.body("{}")
                .post("/api/consents/" + id + "/withdraw")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        api.body("{\"reason\":\"recorded for the wrong shop\"}")
                .post("/api/consents/" + id + "/withdraw")
                .then()
                .statusCode(200)
                .body("withdrawReason", equalTo("recorded for the wrong shop"))
                .body("withdrawnAt", org.hamcrest.Matchers.notNullValue());
        api.body("{\"reason\":\"again\"}")
                .post("/api/consents/" + id + "/withdraw")
                .then()
                .statusCode(409);
        api.body("{\"reason\":\"x\"}")
                .post("/api/consents/999999/withdraw")
                .then()
                .statusCode(404);
        api.get("/api/consents?q=shop@b")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].withdrawnBy", org.hamcrest.Matchers.notNullValue());
        assertThat(TestData.rows(pool, "select 1 from audit_event where action = 'consent.withdrawn'"))
                .hasSize(1);
        assertThatThrownBy(() ->
                        TestData.exec(pool, "update consent set withdraw_reason = 'other' where id = $1", (long) id))
                .hasMessageContaining("final");
        assertThatThrownBy(() -> TestData.exec(pool, "delete from consent")).hasMessageContaining("final");
    }

    private long callable(String name, String phone, String country) {
        long lead = Seed.callableLead(pool, name, phone);
        TestData.exec(pool, "update lead set country = $2 where id = $1", lead, country);
        return lead;
    }

    private Row awaitEnd(UUID id) {
        TestData.await(WAIT, "the gate's decision on " + id, () -> {
            String status = message(id).getString("status");
            return !status.equals("queued") && !status.equals("sending");
        });
        return message(id);
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select status, decision, last_error from message where id = $1", id)
                .get(0);
    }

    private static JsonObject verdict(Row message, String rule) {
        return ((JsonObject) message.getValue("decision"))
                .getJsonArray("rules").stream()
                        .map(JsonObject.class::cast)
                        .filter(r -> r.getString("rule").equals(rule))
                        .findFirst()
                        .orElseThrow();
    }
}
