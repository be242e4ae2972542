package dev.outreach.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.outreach.support.CrmStubs.fixture;
import static dev.outreach.support.CrmStubs.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.support.Api;
import dev.outreach.support.CrmOn;
import dev.outreach.support.CrmStubs;
import dev.outreach.support.Forms;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.SchedulerRequests;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HubSpot kept in step against WireMock answering as HubSpot's API reference shows:
 * a lead's email, reply, meeting and opt-out reach it once and in order; a timeout after HubSpot made
 * the note, a 429, a 409 for an existing email, a refused token and an outage each end with every
 * event there once; a contact HubSpot marks as a customer is never cold-contacted, and one it marks
 * as opted out is opted out here.
 */
@QuarkusTest
@TestProfile(CrmOn.class)
class HubSpotSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern MARKER = Pattern.compile("outreach-push-(\\d+)");

    @Inject
    Pool pool;

    @Inject
    CrmPusher pusher;

    @Inject
    Crms crms;

    @Inject
    CrmPushes queue;

    @Inject
    ReplyIntake replies;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String run;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from crm_sync");
        ProvidersResource.server().resetAll();
        breakers.resetAll();
        CrmStubs.hubSpotReady();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aLeadsEmailReplyMeetingAndOptOutReachHubSpotOnceAndInOrder() {
        String email = "owner-" + run + "@sharma-dental.example";
        long lead = Seed.verifiedLead(pool, "Sharma Dental " + run, "Pune", email);
        CrmStubs.hubSpotTakes("512", email, lead);

        TestData.live(pool);
        UUID sent = Seed.queuedEmail(pool, lead, email, false);
        TestData.await(
                WAIT,
                "the email sent",
                () -> "sent"
                        .equals(TestData.rows(pool, "select status from message where id = $1", sent)
                                .get(0)
                                .getString("status")));
        replies.receive(new InboundReply(
                        dev.outreach.contact.Channel.EMAIL,
                        email,
                        "Re: A website for Sharma Dental",
                        "Sounds interesting, tell me more about the price.",
                        List.of(),
                        "test",
                        UUID.randomUUID().toString(),
                        null))
                .await()
                .atMost(WAIT);
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED",
                        "bk-" + run,
                        null,
                        Instant.now().plus(Duration.ofDays(2)),
                        email,
                        "Dr Sharma",
                        null))
                .then()
                .statusCode(200);
        Api.asAdmin()
                .contentType("application/json")
                .body("{\"email\":\"" + email + "\",\"reason\":\"asked on the call\"}")
                .post("/api/opt-outs")
                .then()
                .statusCode(201);

        assertThat(pushes(lead)).containsExactly("message", "reply", "meeting", "opt_out");
        drainAll();

        var server = ProvidersResource.server();
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                        .withHeader("Authorization", equalTo("Bearer " + ProvidersResource.HUBSPOT_TOKEN))
                        .withRequestBody(matchingJsonPath("$.inputs[0].idProperty", equalTo("outreach_lead_id")))
                        .withRequestBody(matchingJsonPath("$.inputs[0].id", equalTo(Long.toString(lead))))
                        .withRequestBody(matchingJsonPath("$.inputs[0].properties.email", equalTo(email))));
        // The business is a company, made once by our lead id and associated with the contact.
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/crm/v3/objects/companies/batch/upsert"))
                        .withRequestBody(matchingJsonPath("$.inputs[0].idProperty", equalTo("outreach_lead_id")))
                        .withRequestBody(matchingJsonPath("$.inputs[0].id", equalTo(Long.toString(lead))))
                        .withRequestBody(
                                matchingJsonPath("$.inputs[0].properties.name", equalTo("Sharma Dental " + run)))
                        .withRequestBody(matchingJsonPath("$.inputs[0].properties.city", equalTo("Pune"))));
        server.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlPathEqualTo("/crm/v4/objects/contact/512/associations/default/company/8001")));
        assertThat(TestData.rows(pool, "select company_id from crm_contact where lead_id = $1", lead)
                        .get(0)
                        .getString("company_id"))
                .isEqualTo("8001");
        List<String> notes = bodies("/crm/v3/objects/notes");
        assertThat(notes).hasSize(4);
        assertThat(notes.get(0))
                .contains("Email sent by Outreach to " + email)
                .contains("Hello team.")
                .contains("/console/messages/" + sent)
                .contains("IST");
        assertThat(notes.get(1)).contains("tell me more about the price").contains("interested");
        assertThat(notes.get(2)).contains("Meeting booked through Cal.com");
        assertThat(notes.get(3)).contains(email + " opted out").contains("asked on the call");
        assertThat(notes.stream().map(HubSpotSyncTest::marker).toList()).isSorted();
        assertThat(notes)
                .allSatisfy(
                        n -> assertThat(n).contains("\"associationTypeId\":202").contains("\"id\":\"512\""));
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/crm/v3/objects/deals"))
                        .withRequestBody(matchingJsonPath(
                                "$.properties.dealname",
                                com.github.tomakehurst.wiremock.client.WireMock.containing(
                                        "Meeting with Sharma Dental " + run)))
                        .withRequestBody(
                                matchingJsonPath("$.associations[0].types[0].associationTypeId", equalTo("3"))));

        JsonPath detail = Api.asAdmin()
                .get("/api/leads/" + lead)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getString("crm.system")).isEqualTo("hubspot");
        assertThat(detail.getString("crm.id")).isEqualTo("512");
        assertThat(detail.getString("crm.url")).isEqualTo("https://app.hubspot.com/contacts/24681357/record/0-1/512");
        assertThat(detail.getString("crm.state")).isEqualTo("in_step");
        assertThat(TestData.rows(pool, "select 1 from crm_push where lead_id = $1 and status <> 'done'", lead))
                .isEmpty();

        // Nothing is pushed twice: another drain finds nothing to do.
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 0, 0));
        assertThat(bodies("/crm/v3/objects/notes")).hasSize(4);
    }

    @Test
    void aTimeoutAfterHubSpotMadeTheNoteFindsItInsteadOfMakingASecond() {
        String email = "late-" + run + "@kochi-spices.example";
        long lead = Seed.verifiedLead(pool, "Kochi Spices " + run, "Kochi", email);
        CrmStubs.hubSpotTakes("513", email, lead);
        var server = ProvidersResource.server();
        // HubSpot makes the note but answers after our 1.5-second read timeout.
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes"))
                .willReturn(
                        json(201, fixture("hubspot/note.json", "9002", "9002")).withFixedDelay(2500)));
        enqueue(lead, CrmEvent.OPT_OUT, email);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 1, 0));
        String marker = "outreach-push-"
                + TestData.rows(pool, "select id from crm_push where lead_id = $1", lead)
                        .get(0)
                        .getLong("id");
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes/search"))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo(marker)))
                .willReturn(json(200, fixture("hubspot/search-found.json", "9002", "9002"))));
        due(lead);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes")));
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes/search"))
                        .withRequestBody(
                                matchingJsonPath("$.filterGroups[0].filters[0].operator", equalTo("CONTAINS_TOKEN"))));
        assertThat(TestData.rows(pool, "select crm_ref, attempts from crm_push where lead_id = $1", lead)
                        .get(0)
                        .getString("crm_ref"))
                .isEqualTo("note:9002");
    }

    @Test
    void a429WaitsForRetryAfterWithoutSpendingAnAttempt() {
        String email = "busy-" + run + "@pune-bakery.example";
        long lead = Seed.verifiedLead(pool, "Pune Bakery " + run, "Pune", email);
        CrmStubs.hubSpotTakes("514", email, lead);
        var server = ProvidersResource.server();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes"))
                .atPriority(1)
                .willReturn(json(429, fixture("hubspot/rate-limited.json")).withHeader("Retry-After", "7")));
        enqueue(lead, CrmEvent.OPT_OUT, email);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 1, 0));
        var push = TestData.rows(
                        pool,
                        "select status, attempts, next_at > now() + interval '5 seconds' as waits, last_error "
                                + "from crm_push where lead_id = $1",
                        lead)
                .get(0);
        assertThat(push.getString("status")).isEqualTo("queued");
        assertThat(push.getInteger("attempts")).isZero();
        assertThat(push.getBoolean("waits")).isTrue();
        assertThat(push.getString("last_error")).contains("429");

        server.resetAll();
        CrmStubs.hubSpotReady();
        CrmStubs.hubSpotTakes("514", email, lead);
        due(lead);
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes")));
    }

    @Test
    void aBusinessWhoseDomainHubSpotKnowsIsLinkedToThatCompanyWithoutWritingToIt() {
        String email = "desk-" + run + "@kolhapur-sweets.example";
        long lead = Seed.verifiedLead(pool, "Kolhapur Sweets " + run, "Kolhapur", email);
        TestData.exec(
                pool,
                "update lead set website = 'https://www.kolhapur-sweets.example/', "
                        + "website_host = 'kolhapur-sweets.example' where id = $1",
                lead);
        CrmStubs.hubSpotTakes("517", email, lead);
        var server = ProvidersResource.server();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/companies/search"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].propertyName", equalTo("domain")))
                .withRequestBody(
                        matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo("kolhapur-sweets.example")))
                .willReturn(json(
                        200,
                        fixture(
                                "hubspot/company-found.json",
                                "8123",
                                "kolhapur-sweets.example",
                                "8123",
                                "Kolhapur Sweets Pvt Ltd"))));
        enqueue(lead, CrmEvent.OPT_OUT, email);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        server.verify(0, postRequestedFor(urlPathEqualTo("/crm/v3/objects/companies/batch/upsert")));
        server.verify(
                1,
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        urlPathEqualTo("/crm/v4/objects/contact/517/associations/default/company/8123")));
        assertThat(TestData.rows(pool, "select company_id from crm_contact where lead_id = $1", lead)
                        .get(0)
                        .getString("company_id"))
                .isEqualTo("8123");
    }

    @Test
    void anEmailHubSpotAlreadyHasLinksItsContactAndWritesOnlyOurId() {
        String email = "known-" + run + "@nashik-tiles.example";
        long lead = Seed.verifiedLead(pool, "Nashik Tiles " + run, "Nashik", email);
        CrmStubs.hubSpotTakes("515", email, lead);
        var server = ProvidersResource.server();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                .atPriority(1)
                .willReturn(json(409, fixture("hubspot/conflict.json", "5151"))));
        server.stubFor(patch(urlPathEqualTo("/crm/v3/objects/contacts/5151"))
                .willReturn(json(200, fixture("hubspot/contact.json", "5151", "5151", lead))));
        enqueue(lead, CrmEvent.OPT_OUT, email);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        server.verify(
                1,
                patchRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/5151"))
                        .withRequestBody(equalToJson("{\"properties\":{\"outreach_lead_id\":\"" + lead + "\"}}")));
        var link = TestData.rows(pool, "select contact_id, linked_by from crm_contact where lead_id = $1", lead)
                .get(0);
        assertThat(link.getString("contact_id")).isEqualTo("5151");
        assertThat(link.getString("linked_by")).isEqualTo("email");
        assertThat(bodies("/crm/v3/objects/notes")).singleElement().asString().contains("\"id\":\"5151\"");
    }

    @Test
    void aRefusedTokenKeepsEveryPushAndTellsTheOwner() {
        String email = "revoked-" + run + "@goa-cafe.example";
        long lead = Seed.verifiedLead(pool, "Goa Cafe " + run, "Goa", email);
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                        .willReturn(json(401, fixture("hubspot/unauthorized.json"))));
        enqueue(lead, CrmEvent.OPT_OUT, email);
        enqueue(lead, CrmEvent.CONTACT, null);

        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 1, 0));
        assertThat(TestData.rows(pool, "select status, attempts from crm_push where lead_id = $1", lead))
                .allSatisfy(r -> {
                    assertThat(r.getString("status")).isEqualTo("queued");
                    assertThat(r.getInteger("attempts")).isZero();
                });
        assertThat(TestData.rows(pool, "select last_message from alert where alert_key = 'crm:token'")
                        .get(0)
                        .getString("last_message"))
                .contains("HubSpot refused Outreach's token")
                .contains("OUTREACH_HUBSPOT_TOKEN")
                .doesNotContain(ProvidersResource.HUBSPOT_TOKEN);
        JsonPath status =
                Api.asAdmin().get("/api/crm").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("system")).isEqualTo("hubspot");
        assertThat(status.getString("tokenProblem")).contains("401");
        assertThat(status.getInt("pushes.queued")).isEqualTo(2);
    }

    @Test
    @TestSecurity(user = "asha", roles = "operator")
    void aPushThatKeepsFailingIsHeldThenTriedAgainByTheOperatorAndMadeOnce() {
        String email = "outage-" + run + "@surat-silk.example";
        long lead = Seed.verifiedLead(pool, "Surat Silk " + run, "Surat", email);
        CrmStubs.hubSpotTakes("516", email, lead);
        var server = ProvidersResource.server();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody("{\"status\":\"error\",\"message\":\"Service Unavailable\"}")));
        enqueue(lead, CrmEvent.OPT_OUT, email);
        enqueue(lead, CrmEvent.CONTACT, null);

        for (int i = 1; i < CrmPusher.MAX_ATTEMPTS; i++) {
            assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 1, 0));
            breakers.resetAll();
            due(lead);
        }
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 0, 1));
        // The lead's later push waits behind the held one: in order, always.
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(0, 0, 0));
        JsonPath status =
                given().get("/api/crm").then().statusCode(200).extract().jsonPath();
        assertThat(status.getList("held.leadId", Long.class)).containsExactly(lead);
        assertThat(status.getString("held[0].lastError")).contains("503").contains("8 attempts");

        server.resetAll();
        CrmStubs.hubSpotReady();
        CrmStubs.hubSpotTakes("516", email, lead);
        long held = TestData.rows(pool, "select id from crm_push where status = 'held' and lead_id = $1", lead)
                .get(0)
                .getLong("id");
        io.restassured.response.Response page = given().get("/console/crm");
        assertThat(page.asString())
                .contains("Held updates")
                .contains("Surat Silk " + run)
                .contains("8 attempts");
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", Forms.csrfToken(page.asString()))
                .post("/console/crm/pushes/" + held + "/retry")
                .then()
                .statusCode(303);
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        assertThat(pusher.drain(hubspot())).isEqualTo(new CrmPusher.Drained(1, 0, 0));
        server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/crm/v3/objects/notes/search")));
    }

    @Test
    void hubSpotsCustomerIsNeverColdContactedAndItsOptOutHolds() {
        String customer = "customer-" + run + "@thane-optics.example";
        String optedOut = "no-" + run + "@thane-optics.example";
        long customerLead = Seed.verifiedLead(pool, "Thane Optics " + run, "Thane", customer);
        long optedOutLead = Seed.verifiedLead(pool, "Thane Lenses " + run, "Thane", optedOut);
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath(
                                "$.filterGroups[0].filters[0].propertyName", equalTo("lastmodifieddate")))
                        .willReturn(json(200, fixture("hubspot/changed-contacts.json", customer, optedOut))));

        JsonPath pulled = Api.asAdmin()
                .post("/api/crm/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(pulled.getInt("contacts")).isEqualTo(2);
        assertThat(pulled.getInt("matched")).isEqualTo(2);
        assertThat(pulled.getInt("optedOut")).isEqualTo(1);
        assertThat(pulled.getInt("excluded")).isEqualTo(1);
        assertThat(TestData.rows(pool, "select source, reason from opt_out where contact_value = $1", optedOut)
                        .get(0)
                        .getString("reason"))
                .isEqualTo("HubSpot contact 602: lifecyclestage = lead, hs_email_optout = true");
        assertThat(TestData.rows(pool, "select status from lead where id = $1", optedOutLead)
                        .get(0)
                        .getString("status"))
                .isEqualTo("opted_out");
        // Pushed back to HubSpot? No: HubSpot said it first.
        assertThat(TestData.rows(pool, "select 1 from crm_push where lead_id = $1", optedOutLead))
                .isEmpty();

        UUID cold = Seed.queuedEmail(pool, customerLead, customer, true);
        TestData.await(WAIT, "the gate's decision", () -> TestData.decision(pool, cold) != null);
        var rule = TestData.rule(TestData.decision(pool, cold), "crm_customer");
        assertThat(rule.getString("result")).isEqualTo("refuse");
        assertThat(rule.getString("reason"))
                .contains("HubSpot record 601: lifecyclestage = customer")
                .contains("https://app.hubspot.com/contacts/24681357/record/0-1/601");
        assertThat(TestData.rows(pool, "select status from message where id = $1", cold)
                        .get(0)
                        .getString("status"))
                .isEqualTo("cancelled");
        assertThat(Api.asAdmin()
                        .get("/api/crm")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("pulledUntil"))
                .startsWith("2026-12-05T07:30");
    }

    @Test
    void anEmailOrPhoneChangedInHubSpotBecomesTheLeadsButAChangeMadeOnlyInOutreachIsKept() {
        long lead = Seed.verifiedLead(pool, "Nagpur Prints " + run, "Nagpur", "old-" + run + "@nagpur-prints.example");
        String changedThere = "new-" + run + "@nagpur-prints.example";
        hubSpotSays(lead, changedThere, "098220 12345", "2026-12-05T08:00:00.000Z");

        JsonPath pulled = Api.asAdmin()
                .post("/api/crm/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(pulled.getInt("updated")).isEqualTo(1);
        var row = TestData.rows(pool, "select email, phone from lead where id = $1", lead)
                .get(0);
        assertThat(row.getString("email")).isEqualTo(changedThere);
        assertThat(row.getString("phone")).isEqualTo("+919822012345");
        assertThat(TestData.rows(
                        pool,
                        "select details->>'changed' as changed, details->>'record' as record from audit_event "
                                + "where action = 'lead.changed_in_crm' and lead_id = $1",
                        lead))
                .singleElement()
                .satisfies(audit -> {
                    assertThat(audit.getString("changed")).isEqualTo("email and phone");
                    assertThat(audit.getString("record")).isEqualTo("701");
                });

        // The operator corrects the email in Outreach; HubSpot still says what it said: ours is kept.
        String ours = "owner-" + run + "@nagpur-prints.example";
        TestData.exec(pool, "update lead set email = $2, version = version + 1 where id = $1", lead, ours);
        hubSpotSays(lead, changedThere, "+91 98220 12345", "2026-12-05T08:30:00.000Z");
        assertThat(Api.asAdmin()
                        .post("/api/crm/sync")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("updated"))
                .isZero();
        assertThat(TestData.rows(pool, "select email from lead where id = $1", lead)
                        .get(0)
                        .getString("email"))
                .isEqualTo(ours);

        // Someone changes it in HubSpot again: HubSpot's word wins once more.
        String third = "desk-" + run + "@nagpur-prints.example";
        hubSpotSays(lead, third, "+91 98220 12345", "2026-12-05T09:00:00.000Z");
        assertThat(Api.asAdmin()
                        .post("/api/crm/sync")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("updated"))
                .isEqualTo(1);
        assertThat(TestData.rows(pool, "select email, email_verified from lead where id = $1", lead)
                        .get(0)
                        .getString("email"))
                .isEqualTo(third);
    }

    @Test
    void aContactWeDoNotKnowIsOfferedAndBecomesALeadOnlyWhenTheOperatorAsks() {
        String prospect = "asha-" + run + "@bhopal-bakes.example";
        String customer = "ravi-" + run + "@lakeview-hotel.example";
        String business = "Bhopal Bakes " + run;
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath(
                                "$.filterGroups[0].filters[0].propertyName", equalTo("lastmodifieddate")))
                        .willReturn(json(200, fixture("hubspot/unknown-contacts.json", business, prospect, customer))));

        Api.asAdmin().post("/api/crm/sync").then().statusCode(200);
        assertThat(TestData.rows(pool, "select 1 from lead where email in ($1, $2)", prospect, customer))
                .as("nothing imported by itself")
                .isEmpty();
        assertThat(Api.asAdmin().get("/api/crm").then().extract().jsonPath().getLong("offered"))
                .as("the prospect is offered; the customer is not")
                .isEqualTo(1L);

        JsonPath imported = Api.asAdmin()
                .post("/api/crm/import")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(imported.getInt("created")).isEqualTo(1);
        var lead = TestData.rows(
                        pool,
                        "select id, source, business_name, city, provenance->'email'->>'ref' as record "
                                + "from lead where email = $1",
                        prospect)
                .get(0);
        assertThat(lead.getString("source")).isEqualTo("crm");
        assertThat(lead.getString("business_name")).isEqualTo(business);
        assertThat(lead.getString("city")).isEqualTo("Bhopal");
        assertThat(lead.getString("record")).isEqualTo("hubspot record 801");
        var link = TestData.rows(
                        pool, "select contact_id, linked_by from crm_contact where lead_id = $1", lead.getLong("id"))
                .get(0);
        assertThat(link.getString("contact_id")).isEqualTo("801");
        assertThat(link.getString("linked_by")).isEqualTo("imported");
        assertThat(Api.asAdmin().get("/api/crm").then().extract().jsonPath().getLong("offered"))
                .isZero();

        // Read again: the contact is now our lead, not an offer; importing again makes nothing.
        assertThat(Api.asAdmin()
                        .post("/api/crm/sync")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("matched"))
                .isEqualTo(1);
        assertThat(Api.asAdmin()
                        .post("/api/crm/import")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("created"))
                .isZero();
        assertThat(TestData.rows(pool, "select 1 from lead where email = $1", prospect))
                .hasSize(1);
        assertThat(TestData.rows(pool, "select 1 from lead where email = $1", customer))
                .isEmpty();
    }

    /** HubSpot's search answers with contact 701, which carries our lead id, as it is now. */
    private static void hubSpotSays(long lead, String email, String phone, String modified) {
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath(
                                "$.filterGroups[0].filters[0].propertyName", equalTo("lastmodifieddate")))
                        .willReturn(json(
                                200,
                                fixture(
                                        "hubspot/changed-contact-details.json",
                                        email,
                                        modified,
                                        phone,
                                        Long.toString(lead),
                                        modified))));
    }

    @Test
    void aPullThatCannotRunTellsTheOwnerAndKeepsItsCheckpoint() {
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withBody("{\"status\":\"error\",\"message\":\"Service Unavailable\"}")));

        JsonPath pulled = Api.asAdmin()
                .post("/api/crm/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(pulled.getString("problem")).contains("503");
        assertThat(TestData.rows(pool, "select last_message from alert where alert_key = 'failing:crm-pull'")
                        .get(0)
                        .getString("last_message"))
                .contains("HubSpot could not be read back")
                .contains("503");
        JsonPath status =
                Api.asAdmin().get("/api/crm").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("lastPullError")).contains("503");
        assertThat(status.getString("pulledUntil")).isNull();
    }

    private Crm hubspot() {
        return crms.active().orElseThrow();
    }

    private void drainAll() {
        for (int i = 0; i < 20; i++) {
            CrmPusher.Drained drained = pusher.drain(hubspot());
            if (drained.done() == 0) {
                assertThat(drained).isEqualTo(new CrmPusher.Drained(0, 0, 0));
                return;
            }
        }
        throw new AssertionError("the queue did not drain");
    }

    private void enqueue(long lead, CrmEvent event, String ref) {
        pool.withTransaction(conn -> queue.enqueue(conn, lead, event, ref))
                .await()
                .atMost(WAIT);
    }

    private void due(long lead) {
        TestData.exec(pool, "update crm_push set next_at = now() where lead_id = $1 and status = 'queued'", lead);
    }

    private List<String> pushes(long lead) {
        return TestData.rows(pool, "select kind from crm_push where lead_id = $1 order by id", lead).stream()
                .map(r -> r.getString("kind"))
                .toList();
    }

    private static List<String> bodies(String path) {
        List<ServeEvent> events = new ArrayList<>(ProvidersResource.server().getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST")
                        && e.getRequest().getUrl().equals(path)
                        && e.getResponse().getStatus() / 100 == 2)
                .map(e -> e.getRequest().getBodyAsString())
                .toList();
    }

    private static long marker(String body) {
        Matcher m = MARKER.matcher(body);
        assertThat(m.find()).as("marker in " + body).isTrue();
        return Long.parseLong(m.group(1));
    }
}
