package dev.outreach.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** R-11.3: export everything held about a lead; erase it, keeping only the opt-out (Properties 24/50). */
@QuarkusTest
class LeadPrivacyTest {

    @Inject
    Pool pool;

    private String email;
    private String phone;
    private long lead;
    private UUID sent;

    @BeforeEach
    void leadWithHistory() {
        TestData.reset(pool);
        email = TestData.uniqueEmail("owner");
        lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        // Opt-outs are for ever, so every run needs a number of its own.
        phone = "+9198" + String.format("%08d", System.nanoTime() / 1000 % 100_000_000);
        TestData.exec(pool, "update lead set phone = $2 where id = $1", lead, phone);
        sent = Seed.sentEmail(pool, lead, email);
        TestData.exec(pool, """
                insert into reply (lead_id, message_id, channel, from_contact, body, intent, classified_by)
                values ($1, $2, 'email', $3, 'Tell me more', 'interested', 'keywords')""", lead, sent, email);
        TestData.exec(pool, """
                insert into meeting (provider, provider_ref, lead_id, matched_by, starts_at, attendee_name, attendee_email)
                values ('calcom', 'cal-privacy', $1, 'email', now() + interval '1 day', 'Meera', $2)""", lead, email);
        TestData.exec(pool, """
                insert into audit_event (actor, action, entity_type, entity_id, lead_id)
                values ('outbox', 'message.sent', 'message', $1, $2)""", sent.toString(), lead);
    }

    @Test
    void exportsEverythingHeldAboutTheLead() {
        JsonPath export = Api.asOperator(pool)
                .get("/api/leads/" + lead + "/export")
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("lead-" + lead + ".json"))
                .extract()
                .jsonPath();
        assertThat(export.getString("lead.email")).isEqualTo(email);
        assertThat(export.getList("messages.id")).containsExactly(sent.toString());
        assertThat(export.getList("replies.body")).containsExactly("Tell me more");
        assertThat(export.getList("auditEvents.action")).contains("message.sent");
        assertThat(export.getList("optOuts")).isEmpty();
        assertThat(export.getList("meetings.attendee_email")).containsExactly(email);
    }

    @Test
    void erasureDeletesEverythingButTheOptOut() {
        Api.asOperator(pool).delete("/api/leads/" + lead).then().statusCode(403);

        Api.asAdmin()
                .delete("/api/leads/" + lead)
                .then()
                .statusCode(200)
                .body("leadId", equalTo((int) lead))
                .body("messages", equalTo(1))
                .body("replies", equalTo(1));

        assertThat(count("select count(*) as n from lead where id = $1", lead)).isZero();
        assertThat(count("select count(*) as n from message where id = $1", sent))
                .isZero();
        assertThat(count("select count(*) as n from reply where from_contact = $1", email))
                .isZero();
        assertThat(count(
                        "select count(*) as n from meeting where attendee_email = $1 or attendee_name = 'Meera'",
                        email))
                .as("the meeting stays, its attendee goes")
                .isZero();
        assertThat(count("select count(*) as n from meeting where provider_ref = 'cal-privacy'"))
                .isEqualTo(1);
        assertThat(count("select count(*) as n from audit_event where lead_id = $1 and action = 'message.sent'", lead))
                .isZero();
        assertThat(count(
                        "select count(*) as n from opt_out where contact_value = $1 and source = 'gdpr_erasure'",
                        email))
                .isEqualTo(1);
        assertThat(count("select count(*) as n from opt_out where contact_value = $1", phone))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) as n from audit_event where action = 'lead.erased' and entity_id = $1",
                        Long.toString(lead)))
                .isEqualTo(1);

        Api.asAdmin().delete("/api/leads/" + lead).then().statusCode(404);
        Api.asAdmin().get("/api/leads/" + lead + "/export").then().statusCode(404);
    }

    private long count(String sql, Object... params) {
        return TestData.rows(pool, sql, params).get(0).getLong("n");
    }
}
