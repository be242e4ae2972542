package dev.outreach.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A truthful run, with approval on as a fresh installation has it: the run awaits approval
 * while drafts wait for review, completes only when every message is final, and its report (with the
 * errors) is mailed then; approved calls keep the run's spacing.
 */
@QuarkusTest
class CampaignLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPS = "ops@acme-studio.example";
    private static final String DISPATCH = "outbox-dispatch";

    @Inject
    Pool pool;

    @Inject
    CampaignMonitor monitor;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void aRunAwaitsApprovalAndCompletesWhenEveryMessageIsFinal() throws Exception {
        for (String name : List.of("Lotus Florist", "Banyan Books", "Cedar Cafe")) {
            Seed.verifiedLead(pool, name, "Pune", TestData.uniqueEmail("owner"));
        }
        int reportsBefore = reports().size();
        long run = Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", true))
                .post("/api/campaigns")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        TestData.await(
                WAIT,
                "the run to be drafted",
                () -> !TestData.rows(pool, "select 1 from campaign where id = $1 and composed_at is not null", run)
                        .isEmpty());

        monitor.tick().await().atMost(WAIT);
        JsonPath waiting = Api.asAdmin()
                .get("/api/campaigns/" + run)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(waiting.getString("status"))
                .as("drafts wait for review: not completed")
                .isEqualTo("awaiting_approval");
        assertThat(waiting.getInt("inReview")).isEqualTo(3);
        assertThat(reports()).as("no report while drafts wait").hasSize(reportsBefore);
        Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", true))
                .post("/api/campaigns")
                .then()
                .statusCode(409)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("awaiting approval"));

        List<Long> approvals =
                TestData.rows(pool, """
                select a.id from approval a join message m on m.id = a.message_id where m.campaign_id = $1 order by a.id""", run).stream().map(r -> r.getLong("id")).toList();
        Api.asAdmin()
                .body(Map.of("ids", approvals.subList(0, 2)))
                .post("/api/approvals/approve")
                .then()
                .statusCode(200);
        TestData.await(
                WAIT,
                "the two approved to be sent (dry-run)",
                () -> TestData.rows(pool, "select 1 from message where campaign_id = $1 and status = 'dry_run'", run)
                                .size()
                        == 2);
        monitor.tick().await().atMost(WAIT);
        Api.asAdmin()
                .get("/api/campaigns/" + run)
                .then()
                .body("status", equalTo("awaiting_approval"))
                .body("inReview", equalTo(1))
                .body("sent", equalTo(2));
        assertThat(reports()).hasSize(reportsBefore);

        Api.asAdmin()
                .body(Map.of("reason", "not a fit for us"))
                .post("/api/approvals/" + approvals.get(2) + "/reject")
                .then()
                .statusCode(200);
        TestData.await(WAIT, "the run to complete", () -> {
            monitor.tick().await().atMost(WAIT);
            return "completed"
                    .equals(Api.asAdmin()
                            .get("/api/campaigns/" + run)
                            .then()
                            .extract()
                            .path("status"));
        });
        TestData.await(WAIT, "the report mail", () -> reports().size() == reportsBefore + 1);
        String report = (String) reports().get(reportsBefore).getContent();
        assertThat(report).contains("dry_run: 2").contains("rejected: 1");
        List<String> actions = TestData.rows(pool, """
                select action from audit_event where entity_type = 'campaign' and entity_id = $1 order by id""", String.valueOf(run)).stream()
                .map(r -> r.getString("action"))
                .toList();
        assertThat(actions)
                .containsSubsequence(
                        "campaign.started", "campaign.drafted", "campaign.awaiting_approval", "campaign.completed");
    }

    @Test
    void heldAndFailedMessagesAreFinalAndTheirErrorsAreReported() {
        long run = drafted("email", "[{\"channel\":\"email\",\"afterDays\":0}]");
        String heldTo = TestData.uniqueEmail("held");
        UUID held = Seed.heldEmail(pool, Seed.verifiedLead(pool, "Held Hardware", "Agra", heldTo), heldTo);
        String failedTo = TestData.uniqueEmail("failed");
        UUID failed = Seed.campaignEmail(
                pool, Seed.verifiedLead(pool, "Failed Fabrics", "Agra", failedTo), failedTo, run, "failed");
        TestData.exec(pool, "update message set campaign_id = $2 where id = $1", held, run);
        TestData.exec(pool, "update message set last_error = '550 5.1.1 mailbox unknown' where id = $1", failed);
        String pendingTo = TestData.uniqueEmail("pending");
        UUID pending = Seed.campaignEmail(
                pool, Seed.verifiedLead(pool, "Pending Paints", "Agra", pendingTo), pendingTo, run, "pending_approval");

        monitor.tick().await().atMost(WAIT);
        assertThat(status(run)).as("one draft still waits").isEqualTo("awaiting_approval");

        TestData.exec(pool, "update message set status = 'expired' where id = $1", pending);
        monitor.tick().await().atMost(WAIT);
        JsonPath done = Api.asAdmin()
                .get("/api/campaigns/" + run)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(done.getString("status"))
                .as("held is final: the operator resolves it")
                .isEqualTo("completed");
        assertThat(done.getMap("report"))
                .containsEntry("held", 1)
                .containsEntry("failed", 1)
                .containsEntry("expired", 1);
        List<Map<String, Object>> errors = done.getList("errors");
        assertThat(errors)
                .extracting(e -> e.get("error"))
                .containsExactlyInAnyOrder(
                        "550 5.1.1 mailbox unknown", "outcome unknown: the SMTP server did not answer");
    }

    @Test
    void aRunAwaitingApprovalStillHaltsWhenItsSendsFail() {
        long run = drafted("email", "[{\"channel\":\"email\",\"afterDays\":0}]");
        for (int i = 0; i < 11; i++) {
            String to = TestData.uniqueEmail("bad");
            Seed.campaignEmail(pool, Seed.verifiedLead(pool, "Bad Address " + i, "Agra", to), to, run, "failed");
        }
        String to = TestData.uniqueEmail("later");
        Seed.campaignEmail(pool, Seed.verifiedLead(pool, "Later Lamps", "Agra", to), to, run, "pending_approval");
        monitor.tick().await().atMost(WAIT);
        monitor.tick().await().atMost(WAIT);
        Row halted = TestData.rows(pool, "select status, halt_reason from campaign where id = $1", run)
                .get(0);
        assertThat(halted.getString("status")).isEqualTo("halted");
        assertThat(halted.getString("halt_reason")).isEqualTo("11 of 11 attempts failed");
    }

    // approving a morning's calls at noon does not make them all due at once.
    @Test
    void approvedCallsKeepTheRunsSpacing() {
        long run = drafted("call", "[{\"channel\":\"call\",\"afterDays\":0}]");
        Duration gap = Duration.ofSeconds(216);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        List<Long> approvals = new ArrayList<>();
        List<UUID> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String phone = "+9198111" + String.format("%05d", i);
            long lead = Seed.callableLead(pool, "Caller " + i, phone);
            UUID id = UUID.randomUUID();
            messages.add(id);
            TestData.exec(
                    pool,
                    """
                    insert into message (id, lead_id, campaign_id, sequence_step, channel, status, dry_run, recipient,
                                         body, method, not_before)
                    values ($1, $2, $3, 1, 'call', 'pending_approval', true, $4, 'Hello', 'template', $5)""",
                    id,
                    lead,
                    run,
                    phone,
                    start.plus(gap.multipliedBy(i)).atOffset(java.time.ZoneOffset.UTC));
            approvals.add(TestData.rows(pool, """
                    insert into approval (message_id, expires_at) values ($1, now() + interval '7 days') returning id""", id).get(0).getLong("id"));
        }
        Instant before = Instant.now();
        // The outbox rests, so that the gate's calling window does not move a due call on while we look.
        scheduler.pause(DISPATCH);
        List<Row> due;
        try {
            // Two reviewers, two batches: the second is placed around the first.
            Api.asAdmin()
                    .body(Map.of("ids", approvals.subList(20, 30)))
                    .post("/api/approvals/approve")
                    .then()
                    .statusCode(200);
            Api.asAdmin()
                    .body(Map.of("ids", approvals.subList(0, 20)))
                    .post("/api/approvals/approve")
                    .then()
                    .statusCode(200);
            due = TestData.rows(pool, """
                    select id, due_at, not_before from message where campaign_id = $1 and status = 'queued'
                    order by due_at""", run);
        } finally {
            scheduler.resume(DISPATCH);
        }
        assertThat(due).hasSize(30);
        for (int i = 1; i < due.size(); i++) {
            Duration between = Duration.between(
                    due.get(i - 1).getOffsetDateTime("due_at").toInstant(),
                    due.get(i).getOffsetDateTime("due_at").toInstant());
            assertThat(between).as("calls %d and %d", i - 1, i).isGreaterThanOrEqualTo(gap);
        }
        for (Row row : due) {
            Instant at = row.getOffsetDateTime("due_at").toInstant();
            assertThat(at).isAfterOrEqualTo(row.getOffsetDateTime("not_before").toInstant());
            assertThat(at).isAfterOrEqualTo(before.minusSeconds(1));
        }
        Row lastPlanned = due.stream()
                .filter(r -> r.getUUID("id").equals(messages.get(29)))
                .findFirst()
                .orElseThrow();
        assertThat(lastPlanned.getOffsetDateTime("due_at"))
                .as("a slot still free keeps its planned time")
                .isEqualTo(lastPlanned.getOffsetDateTime("not_before"));
    }

    private long drafted(String channel, String sequence) {
        return TestData.rows(pool, """
                insert into campaign (channel, dry_run, status, requested_by, started_at, composed_at, sequence)
                values ($1, false, 'running', 'test', now(), now(), $2) returning id""", channel, new JsonArray(sequence)).get(0).getLong("id");
    }

    private String status(long run) {
        return TestData.rows(pool, "select status from campaign where id = $1", run)
                .get(0)
                .getString("status");
    }

    private static List<MimeMessage> reports() {
        return MailResource.receivedBy(OPS).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().endsWith(" report");
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }
}
