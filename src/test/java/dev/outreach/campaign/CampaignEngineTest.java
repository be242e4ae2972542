package dev.outreach.campaign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.contact.Channel;
import dev.outreach.feedback.LeadSignals;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Campaigns and sequences on the real database. */
@QuarkusTest
class CampaignEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    @Inject
    Pool pool;

    @Inject
    RunDrafts drafts;

    @Inject
    SequenceAdvancer sequences;

    @Inject
    CampaignMonitor monitor;

    @Inject
    CampaignSchedule schedule;

    @Inject
    LeadSignals signals;

    @Inject
    OptOutRateWatch optOuts;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    // Issue 35: a run that drafted many messages leaves the claim planned from fresh statistics, a small one does not.
    @Test
    void aRunThatDraftedAThousandMessagesRefreshesTheTablesStatistics() {
        long before = analyses();
        drafts.afterDrafting(RunDrafts.STATISTICS_AFTER - 1).await().atMost(WAIT);
        drafts.afterDrafting(RunDrafts.STATISTICS_AFTER).await().atMost(WAIT);
        TestData.await(WAIT, "the message table analysed once", () -> analyses() > before);
        drafts.afterDrafting(0).await().atMost(WAIT);
        assertThat(analyses()).isEqualTo(before + 1);
    }

    private long analyses() {
        // A new transaction each time: the statistics views are read once per transaction.
        return TestData.rows(pool, "select analyze_count from pg_stat_user_tables where relname = 'message'")
                .get(0)
                .getLong("analyze_count");
    }

    // 100 calls over the 6-hour window (11:00–17:00) are one every 3.6 minutes, from its opening.
    @Test
    void callsAreSpreadEvenlyOverTheWindow() {
        Instant morning = OffsetDateTime.parse("2026-11-24T07:00:00+05:30").toInstant();
        List<Instant> due = drafts.dueTimes(Channel.CALL, 100, morning);
        assertThat(due.get(0))
                .isEqualTo(OffsetDateTime.parse("2026-11-24T11:00:00+05:30").toInstant());
        assertThat(Duration.between(due.get(0), due.get(1))).isEqualTo(Duration.ofSeconds(216));
        assertThat(due.get(99))
                .isBefore(OffsetDateTime.parse("2026-11-24T17:00:00+05:30").toInstant());
        Instant afternoon = OffsetDateTime.parse("2026-11-24T14:00:00+05:30").toInstant();
        assertThat(drafts.dueTimes(Channel.SMS, 10, afternoon).get(1))
                .isEqualTo(afternoon.plus(Duration.ofMinutes(18)));
        assertThat(drafts.dueTimes(Channel.EMAIL, 3, morning)).containsOnly(morning);
    }

    // after the first email the next step (a call) is drafted, due three days after the send.
    @Test
    void aSentStepDraftsTheNextOne() {
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0},{\"channel\":\"call\",\"afterDays\":3},"
                + "{\"channel\":\"email\",\"afterDays\":7}]");
        long lead = Seed.callableLead(pool, "Sequence Sweets", "+919811100001");
        TestData.exec(
                pool,
                "update lead set email = 'hi@sequence-sweets.example', email_verified = true where id = $1",
                lead);
        UUID first = sentStep(campaign, lead, 1, "email", "hi@sequence-sweets.example");

        sequences.advance().await().atMost(WAIT);
        List<Row> drafted = TestData.rows(pool, "select * from message where lead_id = $1 and sequence_step = 2", lead);
        assertThat(drafted)
                .as("one message for the step, whether this call or the scheduled one drafted it")
                .hasSize(1);
        Row next = drafted.get(0);
        assertThat(next.getString("channel")).isEqualTo("call");
        assertThat(next.getString("status")).isEqualTo("pending_approval");
        assertThat(next.getString("recipient")).isEqualTo("+919811100001");
        OffsetDateTime sentAt = TestData.rows(pool, "select sent_at from message where id = $1", first)
                .get(0)
                .getOffsetDateTime("sent_at");
        assertThat(next.getOffsetDateTime("not_before").toInstant())
                .as("planned three days after the send")
                .isEqualTo(sentAt.plusDays(3).toInstant());
        assertThat(sequences.advance().await().atMost(WAIT)).as("nothing twice").isZero();

        // A reply stops the sequence: the drafted call is cancelled and the lead does not move on.
        pool.withTransaction(conn -> signals.stopSequence(conn, lead, "the lead replied", "test"))
                .await()
                .atMost(WAIT);
        assertThat(TestData.rows(pool, "select status from message where lead_id = $1 and sequence_step = 2", lead)
                        .get(0)
                        .getString("status"))
                .isEqualTo("cancelled");
    }

    // a step the lead cannot be reached on is skipped with its reason; the following step comes instead.
    @Test
    void anUnreachableStepIsSkipped() {
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0},{\"channel\":\"call\",\"afterDays\":3},"
                + "{\"channel\":\"email\",\"afterDays\":7}]");
        String email = TestData.uniqueEmail("owner");
        long lead = Seed.verifiedLead(pool, "Email Only Emporium", "Agra", email);
        sentStep(campaign, lead, 1, "email", email);
        sequences.advance().await().atMost(WAIT);
        List<Row> steps = TestData.rows(pool, """
                select sequence_step, channel, status, last_error, subject from message
                where lead_id = $1 and sequence_step > 1 order by sequence_step""", lead);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).getString("status")).isEqualTo("cancelled");
        assertThat(steps.get(0).getString("last_error")).contains("no verified phone");
        assertThat(steps.get(1).getString("channel")).isEqualTo("email");
        assertThat(steps.get(1).getString("subject")).isEqualTo("Following up: Email Only Emporium");
    }

    // Issue 29: a follow-up the gate refuses for good (its number is on the Do-Not-Call list) is skipped with the
    // gate's reason, not drafted; the step after it comes instead.
    @Test
    void aFollowUpTheGateRefusesForGoodIsSkippedWithItsReason() {
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0},{\"channel\":\"call\",\"afterDays\":3},"
                + "{\"channel\":\"email\",\"afterDays\":7}]");
        long lead = Seed.callableLead(pool, "Listed Looms", "+919811100077");
        TestData.exec(
                pool, "update lead set email = 'hi@listed-looms.example', email_verified = true where id = $1", lead);
        Api.asOperator(pool)
                .contentType("text/csv")
                .body("phone\n+91 98111 00077\n")
                .post("/api/dnc")
                .then()
                .statusCode(200);
        sentStep(campaign, lead, 1, "email", "hi@listed-looms.example");
        sequences.advance().await().atMost(WAIT);
        List<Row> steps = TestData.rows(pool, """
                select sequence_step, channel, status, last_error from message
                where lead_id = $1 and sequence_step > 1 order by sequence_step""", lead);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).getString("channel")).isEqualTo("call");
        assertThat(steps.get(0).getString("status")).isEqualTo("cancelled");
        assertThat(steps.get(0).getString("last_error")).contains("the gate refuses it for good");
        assertThat(steps.get(1).getString("channel")).isEqualTo("email");
        assertThat(steps.get(1).getString("status")).isEqualTo("pending_approval");
    }

    // Property 43 / R-7.5: more than half of the attempts failing halts the run and alerts the operators.
    @Test
    void aFailingRunHaltsWithAnAlert() {
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0}]");
        TestData.exec(pool, "update campaign set composed_at = now() where id = $1", campaign);
        for (int i = 0; i < 12; i++) {
            String email = TestData.uniqueEmail("x" + i);
            long lead = Seed.verifiedLead(pool, "Failing " + i, "Pune", email);
            Seed.campaignEmail(pool, lead, email, campaign, i < 8 ? "failed" : i < 11 ? "sent" : "queued");
        }
        monitor.tick().await().atMost(WAIT);
        Row run = TestData.rows(pool, "select status, halt_reason from campaign where id = $1", campaign)
                .get(0);
        assertThat(run.getString("status")).isEqualTo("halted");
        assertThat(run.getString("halt_reason")).isEqualTo("8 of 11 attempts failed");
        assertThat(TestData.rows(pool, "select 1 from alert where alert_key = $1", "failing:campaign:" + campaign))
                .hasSize(1);
        // Meanwhile another every-lead email run started: the halted one waits for it, and says so.
        long other = campaign("[{\"channel\":\"email\",\"afterDays\":0}]");
        Api.asAdmin()
                .post("/api/campaigns/" + campaign + "/resume")
                .then()
                .statusCode(409)
                .body(
                        "errors[0].message",
                        org.hamcrest.Matchers.containsString(
                                "another run for every lead on this channel is active now"));
        TestData.exec(pool, "update campaign set status = 'completed', finished_at = now() where id = $1", other);
        Api.asAdmin()
                .post("/api/campaigns/" + campaign + "/resume")
                .then()
                .statusCode(200)
                .body("status", equalTo("running"));
        Api.asAdmin().post("/api/campaigns/" + campaign + "/resume").then().statusCode(409);
    }

    // every replica schedules the daily run; the run key lets only one start it.
    @Test
    void theDailyRunStartsOnce() {
        schedule.runToday(Channel.EMAIL).await().atMost(WAIT);
        TestData.await(
                WAIT,
                "the run to finish drafting",
                () -> !TestData.rows(pool, "select 1 from campaign where status = 'completed'")
                        .isEmpty());
        schedule.runToday(Channel.EMAIL).await().atMost(WAIT);
        List<Row> runs = TestData.rows(pool, "select run_key, trigger, dry_run from campaign");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getString("run_key")).isEqualTo("email:" + java.time.LocalDate.now(IST));
        assertThat(runs.get(0).getBoolean("dry_run"))
                .as("follows the safety mode")
                .isTrue();
    }

    // a run whose drafter died mid-way (a crash) is taken over and finished; leads it had already
    // drafted are not drafted again.
    @Test
    void aRunLeftHalfDraftedByACrashIsFinished() {
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0}]");
        TestData.exec(pool, "update campaign set drafting_at = now() - interval '10 minutes' where id = $1", campaign);
        String firstEmail = TestData.uniqueEmail("first");
        long first = Seed.verifiedLead(pool, "Drafted Before", "Pune", firstEmail);
        UUID drafted = Seed.queuedEmail(pool, first, firstEmail, false, "1 day");
        TestData.exec(pool, "update message set campaign_id = $2 where id = $1", drafted, campaign);
        long second = Seed.verifiedLead(pool, "Not Yet Drafted", "Pune", TestData.uniqueEmail("second"));
        monitor.tick().await().atMost(WAIT);
        TestData.await(
                WAIT,
                "the run to be drafted to the end",
                () -> TestData.rows(pool, "select 1 from campaign where id = $1 and composed_at is not null", campaign)
                                .size()
                        == 1);
        assertThat(TestData.rows(pool, "select lead_id from message where campaign_id = $1 order by lead_id", campaign))
                .extracting(row -> row.getLong("lead_id"))
                .containsExactly(first, second);
        assertThat(TestData.rows(pool, "select 1 from audit_event where action = 'campaign.drafting_resumed'"))
                .hasSize(1);
    }

    // a completed run stores its report and mails it to the operators.
    @Test
    void aCompletedRunIsReportedToTheOperators() {
        int before = MailResource.receivedBy("ops@acme-studio.example").size();
        long campaign = campaign("[{\"channel\":\"email\",\"afterDays\":0}]");
        TestData.exec(pool, "update campaign set composed_at = now() where id = $1", campaign);
        monitor.completeFinished().await().atMost(WAIT);
        Api.asAdmin().get("/api/campaigns/" + campaign).then().body("status", equalTo("completed"));
        TestData.await(
                WAIT,
                "the report mail",
                () -> MailResource.receivedBy("ops@acme-studio.example").size() > before);
    }

    // Property 25 / R-6.6: numbers on the Do-Not-Call list are loaded line by line and never called.
    @Test
    void theDoNotCallListIsLoadedAndEnforced() {
        Api.asOperator(pool)
                .contentType("text/csv")
                .body("phone\n+91 98765 40001\nnot-a-number\n09876540002\n")
                .post("/api/dnc")
                .then()
                .statusCode(200)
                .body("numbers", equalTo(2))
                .body("added", equalTo(2))
                .body("errors[0].row", equalTo(3))
                .body("errors[0].field", equalTo("phone"));
        TestData.live(pool);
        long lead = Seed.callableLead(pool, "Listed Lamps", "+919876540001");
        UUID call = Seed.queued(pool, lead, "call", "+919876540001", "call");
        TestData.await(
                WAIT,
                "the gate's refusal",
                () -> "cancelled"
                        .equals(TestData.rows(pool, "select status from message where id = $1", call)
                                .get(0)
                                .getString("status")));
        assertThat(TestData.rows(pool, "select last_error from message where id = $1", call)
                        .get(0)
                        .getString("last_error"))
                .contains("do_not_call");
    }

    // Issue 29: the gate decides who is drafted. A cold email to Germany is refused for good (UWG): the lead is
    // not drafted at all, and its timeline says why; the lead beside it in India is drafted.
    @Test
    void aLeadTheGateRefusesForGoodIsNotDraftedAndItsTimelineSaysWhy() {
        String german = TestData.uniqueEmail("inhaber");
        long refused = Seed.verifiedLead(pool, "Baeckerei Schmidt", "Berlin", german);
        TestData.exec(pool, "update lead set country = 'DE' where id = $1", refused);
        String indian = TestData.uniqueEmail("owner");
        long drafted = Seed.verifiedLead(pool, "Sharma Sweets", "Pune", indian);
        TestData.exec(pool, "update lead set country = 'IN' where id = $1", drafted);

        long campaign = ((Number) Api.asAdmin()
                        .body("{\"channel\":\"email\"}")
                        .post("/api/campaigns")
                        .then()
                        .statusCode(org.hamcrest.Matchers.either(equalTo(201))
                                .or(equalTo(202))
                                .or(equalTo(200)))
                        .extract()
                        .path("id"))
                .longValue();
        TestData.await(
                WAIT,
                "the run to be drafted",
                () -> !TestData.rows(
                                pool,
                                "select 1 from audit_event where action = 'campaign.drafted' and entity_id = $1",
                                Long.toString(campaign))
                        .isEmpty());

        assertThat(TestData.rows(pool, "select 1 from message where lead_id = $1", refused))
                .as("drafted for Germany")
                .isEmpty();
        assertThat(TestData.rows(pool, "select 1 from message where lead_id = $1", drafted))
                .hasSize(1);
        Api.asAdmin()
                .get("/api/leads/" + refused)
                .then()
                .statusCode(200)
                .body("timeline.find { it.action == 'lead.not_drafted' }.details.rule", equalTo("jurisdiction"))
                .body("timeline.find { it.action == 'lead.not_drafted' }.details.reason", containsString("UWG"));
    }

    // the engine's metrics are exported, tagged from closed sets.
    @Test
    void metricsAreExported() {
        String email = TestData.uniqueEmail("metrics");
        long lead = Seed.verifiedLead(pool, "Metric Mart", "Surat", email);
        UUID id = Seed.queuedEmail(pool, lead, email, true);
        TestData.await(
                WAIT,
                "the dry run",
                () -> "dry_run"
                        .equals(TestData.rows(pool, "select status from message where id = $1", id)
                                .get(0)
                                .getString("status")));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("outreach_messages_total{channel=\"email\",outcome=\"dry_run\"}"))
                .body(containsString("outreach_gate_decisions_total{action=\"send\",channel=\"email\"}"))
                .body(containsString("outreach_circuit_state{name=\"smtp\"}"));
    }

    // more than 5 % of a run's contacts opting out raises an alert for that run; 5 % does not, and
    // neither do fewer than 20 contacts, however many of them opted out.
    @Test
    void manyOptOutsAmongARunsContactsRaiseAnAlert() {
        long tooMany = contacted(run("running"), 20, 2);
        contacted(run("halted"), 20, 1);
        contacted(run("halted"), OptOutRateWatch.OPT_OUT_ALERT_MIN_CONTACTS - 1, 5);

        optOuts.check().await().atMost(WAIT);

        List<Row> raised =
                TestData.rows(pool, "select alert_key, last_message from alert where alert_key like 'opt_out_rate:%'");
        assertThat(raised)
                .extracting(r -> r.getString("alert_key"))
                .containsExactly("opt_out_rate:campaign:" + tooMany);
        assertThat(raised.get(0).getString("last_message"))
                .startsWith("2 of 20 contacts of campaign " + tooMany + " opted out");
    }

    /** A run of every lead by email, still going ("running" is one per channel at a time, "halted" is not). */
    private long run(String status) {
        return TestData.rows(pool, """
                insert into campaign (channel, dry_run, status, requested_by, started_at, sequence)
                values ('email', false, $1, 'test', now(), '[{"channel":"email","afterDays":0}]') returning id""", status).get(0).getLong("id");
    }

    /** A run that reached {@code contacts} leads by email, {@code optedOut} of whom opted out since. */
    private long contacted(long campaign, int contacts, int optedOut) {
        for (int i = 0; i < contacts; i++) {
            String address = "owner" + i + "@run" + campaign + ".example";
            long lead = Seed.verifiedLead(pool, "Run " + campaign + " shop " + i, "Pune", address);
            sentStep(campaign, lead, 1, "email", address);
            if (i < optedOut) {
                TestData.exec(pool, "update lead set status = 'opted_out' where id = $1", lead);
            }
        }
        return campaign;
    }

    private long campaign(String sequenceJson) {
        return TestData.rows(pool, """
                insert into campaign (channel, dry_run, status, requested_by, started_at, sequence)
                values ('email', false, 'running', 'test', now(), $1) returning id""", new JsonArray(sequenceJson)).get(0).getLong("id");
    }

    private UUID sentStep(long campaign, long lead, int step, String channel, String recipient) {
        UUID id = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, campaign_id, sequence_step, channel, status, dry_run, recipient,
                                     body, method, claimed_at, sent_at)
                values ($1, $2, $3, $4, $5, 'sent', false, $6, 'Hello', 'template', now(), now())""", id, lead, campaign, step, channel, recipient);
        return id;
    }
}
