package dev.outreach.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** R-16.5: the audit log through the API and the console, filtered, in keyset pages, and as CSV. */
@QuarkusTest
class AuditLogTest {

    @Inject
    Pool pool;

    @BeforeEach
    void events() {
        TestData.reset(pool);
        for (int i = 0; i < 7; i++) {
            TestData.exec(
                    pool,
                    """
                    insert into audit_event (actor, action, entity_type, entity_id, lead_id, details)
                    values ($1, $2, 'lead', $3, $4, jsonb_build_object('n', $5::int, 'note', 'a, "quoted" note'))""",
                    i % 2 == 0 ? "alice" : "system",
                    i < 4 ? "approval.approved" : "optout.recorded",
                    Integer.toString(100 + i),
                    100L + i,
                    i);
        }
        TestData.exec(
                pool,
                "insert into audit_event (actor, action, occurred_at) values ('bob', 'lead.created', $1)",
                LocalDate.now(ZoneId.of("Asia/Kolkata"))
                        .minusDays(10)
                        .atStartOfDay(ZoneId.of("Asia/Kolkata"))
                        .toOffsetDateTime());
    }

    @Test
    void filtersPagesAndExports() throws java.io.IOException {
        Api.asAdmin()
                .get("/api/audit?action=approval.&limit=3")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("items.action", everyItem(equalTo("approval.approved")))
                .body("items[0].details.n", equalTo(3));
        String next = Api.asAdmin()
                .get("/api/audit?action=approval.&limit=3")
                .then()
                .extract()
                .path("next");
        Api.asAdmin()
                .get("/api/audit?action=approval.&limit=3&after=" + next)
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].details.n", equalTo(0))
                .body("next", nullValue());
        Api.asAdmin()
                .get("/api/audit?actor=alice&action=optout.")
                .then()
                .body("items.details.n", equalTo(java.util.List.of(6, 4)));
        Api.asAdmin()
                .get("/api/audit?subject=lead/105")
                .then()
                .body("items", hasSize(1))
                .body("items[0].subject", equalTo("lead/105"))
                .body("items[0].leadId", equalTo(105));
        String today = LocalDate.now(ZoneId.of("Asia/Kolkata")).toString();
        Api.asAdmin().get("/api/audit?actor=bob&from=" + today).then().body("items", hasSize(0));
        Api.asAdmin().get("/api/audit?actor=bob&to=" + today).then().body("items", hasSize(1));
        Api.asAdmin()
                .get("/api/audit?from=yesterday")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].message", startsWith("must be a day as yyyy-mm-dd"));
        Api.asAdmin()
                .get("/api/audit?from=" + today + "&to=2020-01-01")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));

        String csv = Api.asAdmin()
                .get("/api/audit/export?action=optout.")
                .then()
                .statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                .extract()
                .asString();
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new java.io.StringReader(csv))
                .getRecords();
        assertThat(records).hasSize(3);
        CSVRecord first = records.get(0);
        assertThat(first.get("action")).isEqualTo("optout.recorded");
        assertThat(first.get("subject")).isEqualTo("lead/106");
        assertThat(first.get("details")).contains("a, \\\"quoted\\\" note");
    }

    @Test
    void theExportNeutralisesFormulasInEveryColumn() throws java.io.IOException {
        for (String formula : java.util.List.of("=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(A1)", "\tA", "\rB")) {
            TestData.exec(pool, """
                    insert into audit_event (actor, action, entity_type, entity_id, details)
                    values ($1, $1, $1, $1, jsonb_build_object('n', 1))""", formula);
            TestData.exec(
                    pool,
                    "insert into audit_event (actor, action, details) values ('x', 'y', $1::jsonb)",
                    "\"" + formula.replace("\t", "\\t").replace("\r", "\\r") + "\"");
        }
        String csv = Api.asAdmin()
                .get("/api/audit/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new java.io.StringReader(csv))
                .getRecords();
        assertThat(records).hasSizeGreaterThan(12);
        for (CSVRecord record : records) {
            for (String cell : record) {
                assertThat(cell)
                        .as("a cell of " + record)
                        .doesNotStartWith("=")
                        .doesNotStartWith("+")
                        .doesNotStartWith("-")
                        .doesNotStartWith("@")
                        .doesNotStartWith("\t")
                        .doesNotStartWith("\r");
            }
        }
        assertThat(csv).contains("'=cmd|' /C calc'!A0").contains("'@SUM(A1)");
    }

    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void theConsoleShowsTheSameSelection() {
        String page = RestAssured.given()
                .get("/console/audit?action=optout.")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("optout.recorded")
                .doesNotContain("approval.approved")
                .contains("Download CSV")
                .contains("href=\"/console/audit/export?action=optout.\"");
        assertThat(RestAssured.given()
                        .get("/console/audit?from=nope")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("must be a day as yyyy-mm-dd");
        RestAssured.given()
                .get("/console/audit/export?actor=alice")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"));
    }

    // Issue 30: "About" names the lead (its id once, for the filter) and the details read as words, not JSON.
    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void theConsoleNamesTheLeadAndReadsTheDetails() {
        String email = dev.outreach.support.TestData.uniqueEmail("about");
        long lead = dev.outreach.support.Seed.verifiedLead(pool, "Sharma Dental Clinic", "Pune", email);
        dev.outreach.support.TestData.exec(pool, """
                insert into audit_event (actor, action, entity_type, entity_id, lead_id, details)
                values ('alice', 'lead.about_test', 'lead', $1, $2,
                        '{"cancelledMessages": 2, "inFlightMessages": [], "rule": "opt_out", "final": true}'::jsonb)""", Long.toString(lead), lead);
        String page = RestAssured.given()
                .get("/console/audit?action=lead.about_test")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("<a href=\"/console/leads/" + lead + "\">Sharma Dental Clinic</a>")
                .contains("<span class=\"muted\">lead/" + lead + "</span>")
                .doesNotContain("lead/" + lead + lead)
                .contains("<dt>cancelled messages</dt><dd>2</dd>")
                .contains("<dt>in flight messages</dt><dd>none</dd>")
                .contains("<dt>rule</dt><dd>Not opted out</dd>")
                .contains("<dt>final</dt><dd>yes</dd>")
                .doesNotContain("{&quot;");
    }
}
