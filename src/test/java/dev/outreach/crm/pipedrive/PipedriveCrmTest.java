package dev.outreach.crm.pipedrive;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.outreach.support.CrmStubs.fixture;
import static dev.outreach.support.CrmStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.outreach.contact.Channel;
import dev.outreach.crm.Crm;
import dev.outreach.crm.CrmPusher;
import dev.outreach.crm.CrmSystem;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.support.Api;
import dev.outreach.support.CrmOn;
import dev.outreach.support.CrmStubs;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.SchedulerRequests;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pipedrive as the CRM against WireMock answering as Pipedrive's API reference shows: a lead's
 * email, reply, meeting (a note and a deal) and opt-out through the shared queue, once and in order; our
 * custom field made once, the business's organization and the person made once and found again by
 * our id on a retry, an existing person linked by email with only our field written, a note found by
 * its marker instead of made twice, and what changed read back (a label meaning do not contact, a
 * won or an open deal). The token travels in a header, never in a URL.
 */
@QuarkusTest
@TestProfile(CrmOn.class)
class PipedriveCrmTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = "3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f901";

    @Inject
    PipedriveCrm crm;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    CrmPusher pusher;

    @Inject
    ReplyIntake replies;

    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
        crm.forgetFields();
    }

    @Test
    void makesOurFieldTheOrganizationAndThePersonOnceThenFindsThemByOurId() {
        var server = ProvidersResource.server();
        server.stubFor(CrmStubs.pipedriveFields(null));
        server.stubFor(post(urlPathEqualTo("/v1/personFields"))
                .willReturn(json(201, fixture("pipedrive/field-created.json", KEY))));
        server.stubFor(get(urlPathEqualTo("/v1/persons/search"))
                .willReturn(json(200, fixture("pipedrive/search-empty.json"))));
        server.stubFor(get(urlPathEqualTo("/v1/organizations/search"))
                .willReturn(json(200, fixture("pipedrive/search-empty.json"))));
        server.stubFor(post(urlPathEqualTo("/v1/organizations"))
                .willReturn(json(201, fixture("pipedrive/created.json", "301"))));
        server.stubFor(
                post(urlPathEqualTo("/v1/persons")).willReturn(json(201, fixture("pipedrive/created.json", "401"))));

        Crm.ContactRef made = crm.contact(new Crm.CrmLead(
                42,
                "Kochi Spices",
                null,
                "hello@kochi-spices.example",
                "+914842345678",
                "https://kochi-spices.example",
                "Kochi",
                "IN"));

        assertThat(made).isEqualTo(new Crm.ContactRef("401", "301", "https://app.pipedrive.com/person/401", "created"));
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/v1/personFields"))
                        .withRequestBody(matchingJsonPath("$.name", equalTo("Outreach lead id")))
                        .withRequestBody(matchingJsonPath("$.field_type", equalTo("varchar"))));
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/v1/persons"))
                        .withHeader("x-api-token", equalTo(ProvidersResource.PIPEDRIVE_TOKEN))
                        .withRequestBody(matchingJsonPath("$." + KEY, equalTo("42")))
                        .withRequestBody(matchingJsonPath("$.org_id", equalTo("301")))
                        .withRequestBody(matchingJsonPath("$.email[0].value", equalTo("hello@kochi-spices.example"))));
        server.verify(getRequestedFor(urlPathEqualTo("/v1/persons/search"))
                .withQueryParam("term", equalTo("42"))
                .withQueryParam("fields", equalTo("custom_fields"))
                .withQueryParam("exact_match", equalTo("true")));
        assertThat(server.getAllServeEvents())
                .allSatisfy(e -> assertThat(e.getRequest().getUrl())
                        .doesNotContain("api_token")
                        .doesNotContain(ProvidersResource.PIPEDRIVE_TOKEN));

        // A retry after a lost answer: the person is found by our id, not made again.
        server.stubFor(get(urlPathEqualTo("/v1/persons/search"))
                .withQueryParam("term", equalTo("42"))
                .willReturn(json(200, fixture("pipedrive/search-found.json", "401"))));
        assertThat(crm.contact(new Crm.CrmLead(
                                42, "Kochi Spices", null, "hello@kochi-spices.example", null, null, null, "IN"))
                        .id())
                .isEqualTo("401");
        server.verify(1, postRequestedFor(urlPathEqualTo("/v1/persons")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/v1/personFields")));
    }

    @Test
    void aLeadsEmailReplyMeetingAndOptOutReachPipedriveOnceAndInOrderThroughTheQueue() {
        TestData.reset(pool);
        String email = TestData.uniqueEmail("spices");
        long lead = Seed.verifiedLead(pool, "Malabar Spices", "Kochi", email);
        var server = ProvidersResource.server();
        server.stubFor(CrmStubs.pipedriveFields(KEY));
        server.stubFor(get(urlPathEqualTo("/v1/persons/search"))
                .willReturn(json(200, fixture("pipedrive/search-empty.json"))));
        server.stubFor(get(urlPathEqualTo("/v1/organizations/search"))
                .willReturn(json(200, fixture("pipedrive/search-empty.json"))));
        server.stubFor(post(urlPathEqualTo("/v1/organizations"))
                .willReturn(json(201, fixture("pipedrive/created.json", "301"))));
        server.stubFor(
                post(urlPathEqualTo("/v1/persons")).willReturn(json(201, fixture("pipedrive/created.json", "401"))));
        server.stubFor(
                post(urlPathEqualTo("/v1/notes")).willReturn(json(201, fixture("pipedrive/created.json", "9903"))));
        server.stubFor(
                post(urlPathEqualTo("/v1/deals")).willReturn(json(201, fixture("pipedrive/created.json", "5501"))));

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
                        Channel.EMAIL,
                        email,
                        "Re: your website",
                        "What would it cost?",
                        List.of(),
                        "test",
                        UUID.randomUUID().toString(),
                        null))
                .await()
                .atMost(WAIT);
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED",
                        "bk-" + UUID.randomUUID(),
                        null,
                        Instant.now().plus(Duration.ofDays(2)),
                        email,
                        "Mr Menon",
                        null))
                .then()
                .statusCode(200);
        Api.asAdmin()
                .contentType("application/json")
                .body("{\"email\":\"" + email + "\",\"reason\":\"asked by phone\"}")
                .post("/api/opt-outs")
                .then()
                .statusCode(201);
        // The queue is the one every CRM shares; here Pipedrive drains it.
        while (pusher.drain(crm).done() > 0) {
            // one push per lead per drain, in order
        }

        server.verify(1, postRequestedFor(urlPathEqualTo("/v1/persons")));
        List<String> notes = server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/notes")
                        && e.getRequest().getMethod().getName().equals("POST"))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getBodyAsString())
                .toList();
        assertThat(notes).hasSize(4);
        assertThat(notes.get(0))
                .contains("Email sent by Outreach to " + email)
                .contains("/console/messages/" + sent)
                .contains("\"person_id\":401")
                .contains("\"org_id\":301");
        assertThat(notes.get(1)).contains("What would it cost?");
        assertThat(notes.get(2)).contains("Meeting booked through Cal.com");
        assertThat(notes.get(3)).contains(email + " opted out").contains("asked by phone");
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/v1/deals"))
                        .withRequestBody(
                                matchingJsonPath("$.title", WireMock.containing("Meeting with Malabar Spices")))
                        .withRequestBody(matchingJsonPath("$.person_id", equalTo("401")))
                        .withRequestBody(matchingJsonPath("$.org_id", equalTo("301"))));
        // Drained again: nothing reaches Pipedrive twice.
        assertThat(pusher.drain(crm).done()).isZero();
        server.verify(4, postRequestedFor(urlPathEqualTo("/v1/notes")));
        assertThat(TestData.rows(
                                pool,
                                "select contact_id from crm_contact where lead_id = $1 and system = 'pipedrive'",
                                lead)
                        .get(0)
                        .getString("contact_id"))
                .isEqualTo("401");
        assertThat(TestData.rows(pool, "select 1 from crm_push where lead_id = $1 and status <> 'done'", lead))
                .isEmpty();
    }

    @Test
    void aPersonTheAgencyHasWithTheSameEmailIsLinkedAndOnlyOurFieldWritten() {
        var server = ProvidersResource.server();
        server.stubFor(CrmStubs.pipedriveFields(KEY));
        server.stubFor(get(urlPathEqualTo("/v1/persons/search"))
                .willReturn(json(200, fixture("pipedrive/search-empty.json"))));
        server.stubFor(get(urlPathEqualTo("/v1/persons/search"))
                .withQueryParam("fields", equalTo("email"))
                .willReturn(json(200, fixture("pipedrive/search-found.json", "777"))));
        server.stubFor(
                put(urlPathEqualTo("/v1/persons/777")).willReturn(json(200, fixture("pipedrive/created.json", "777"))));

        Crm.ContactRef linked = crm.contact(
                new Crm.CrmLead(43, "Pune Bakery", null, "orders@pune-bakery.example", null, null, "Pune", "IN"));

        assertThat(linked.id()).isEqualTo("777");
        assertThat(linked.linkedBy()).isEqualTo("email");
        server.verify(putRequestedFor(urlPathEqualTo("/v1/persons/777"))
                .withRequestBody(WireMock.equalToJson("{\"" + KEY + "\":\"43\"}")));
        server.verify(0, postRequestedFor(urlPathEqualTo("/v1/persons")));
    }

    @Test
    void aNoteIsFoundByItsMarkerOnARetryAndADealByItsTitle() {
        var server = ProvidersResource.server();
        server.stubFor(get(urlPathEqualTo("/v1/notes"))
                .withQueryParam("person_id", equalTo("401"))
                .willReturn(json(200, fixture("pipedrive/notes.json", "9901", "401", "<p>Ref: outreach-push-17</p>"))));
        server.stubFor(
                post(urlPathEqualTo("/v1/notes")).willReturn(json(201, fixture("pipedrive/created.json", "9902"))));
        Crm.ContactRef person = new Crm.ContactRef("401", "301", null, "created");

        assertThat(crm.note(person, "outreach-push-17", "<p>again</p>", Instant.now(), true))
                .isEqualTo("9901");
        server.verify(0, postRequestedFor(urlPathEqualTo("/v1/notes")));
        assertThat(crm.note(person, "outreach-push-18", "<p>new</p>", Instant.now(), false))
                .isEqualTo("9902");
        server.verify(
                1,
                postRequestedFor(urlPathEqualTo("/v1/notes"))
                        .withRequestBody(matchingJsonPath("$.person_id", equalTo("401")))
                        .withRequestBody(matchingJsonPath("$.org_id", equalTo("301"))));

        server.stubFor(get(urlPathEqualTo("/v1/persons/401/deals"))
                .willReturn(json(
                        200,
                        "{\"success\":true,\"data\":[{\"id\":55,\"title\":\"Meeting with Kochi Spices (outreach-push-19)\","
                                + "\"status\":\"open\"}]}")));
        assertThat(crm.deal(person, "outreach-push-19", "Meeting with Kochi Spices", true))
                .isEqualTo("55");
        server.verify(0, postRequestedFor(urlPathEqualTo("/v1/deals")));
    }

    @Test
    void whatChangedIsReadBackWithTheDoNotContactLabelAndTheDeals() {
        var server = ProvidersResource.server();
        server.stubFor(CrmStubs.pipedriveFields(KEY));
        server.stubFor(get(urlPathEqualTo("/api/v2/persons"))
                .willReturn(json(200, fixture("pipedrive/persons-changed.json", "accounts@sharma-dental.example"))));
        server.stubFor(get(urlPathEqualTo("/api/v2/deals"))
                .willReturn(json(200, fixture("pipedrive/deals-changed.json", "702", "open"))));
        server.stubFor(get(urlPathEqualTo("/api/v2/deals"))
                .withQueryParam("person_id", equalTo("701"))
                .willReturn(json(200, fixture("pipedrive/deals-changed.json", "701", "won"))));
        server.stubFor(get(urlPathEqualTo("/api/v2/deals"))
                .withQueryParam("person_id", equalTo("702"))
                .willReturn(json(200, fixture("pipedrive/deals-changed.json", "702", "open"))));
        server.stubFor(get(urlPathEqualTo("/api/v2/persons/702"))
                .willReturn(json(200, fixture("pipedrive/person.json", "702", "hello@kochi-spices.example"))));

        List<Crm.CrmChange> changes = crm.changedSince(Instant.parse("2026-12-01T00:00:00Z"), 100);

        assertThat(changes).extracting(Crm.CrmChange::contactId).containsExactly("702", "701");
        Crm.CrmChange customer = changes.get(1);
        assertThat(customer.customer()).isTrue();
        assertThat(customer.doNotContact()).isTrue();
        assertThat(customer.email()).isEqualTo("accounts@sharma-dental.example");
        assertThat(customer.named(CrmSystem.PIPEDRIVE))
                .isEqualTo("Pipedrive person 701: won deal 801, label Do not contact");
        Crm.CrmChange deal = changes.get(0);
        assertThat(deal.openDeal()).isTrue();
        assertThat(deal.customer()).isFalse();
        assertThat(deal.email()).isEqualTo("hello@kochi-spices.example");
        server.verify(getRequestedFor(urlPathEqualTo("/api/v2/persons"))
                .withQueryParam("updated_since", equalTo("2026-12-01T00:00:00Z")));
    }
}
