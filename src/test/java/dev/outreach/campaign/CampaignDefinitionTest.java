package dev.outreach.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaigns you can aim (issue "operations" item 2): a saved campaign names a segment of the leads; its
 * preview replays the gate for those leads without writing anything; a run of it drafts only them, one
 * run at a time; one that runs by itself starts once on its day.
 */
@QuarkusTest
class CampaignDefinitionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    CampaignSchedule schedules;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void badDefinitionsNameEachFieldAndSaveNothing() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("name", " ");
        bad.put("channel", "fax");
        bad.put("segment", Map.of("cities", List.of("Pune"), "colour", "red", "createdFrom", "yesterday"));
        bad.put("sequence", "email,fax+2d");
        JsonPath errors = Api.asAdmin()
                .body(bad)
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(errors.getList("errors.field"))
                .contains("name", "channel", "segment.colour", "segment.createdFrom", "sequence");
        Api.asAdmin()
                .body(Map.of("name", "Calls", "channel", "email", "sequence", "call,email+2d"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("must start with the campaign's channel (email)"));
        Api.asOperator(pool)
                .body(Map.of("name", "Mine", "channel", "email"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(403);
        assertThat(TestData.rows(pool, "select 1 from campaign_definition")).isEmpty();
    }

    @Test
    void thePreviewReplaysTheGateForTheSegmentAndARunDraftsOnlyIt() {
        long ready = Seed.verifiedLead(pool, "Smile Dental", "Pune", TestData.uniqueEmail("smile"));
        String optedOutEmail = TestData.uniqueEmail("gone");
        long optedOut = Seed.verifiedLead(pool, "Gone Dental", "Pune", optedOutEmail);
        long recent = Seed.verifiedLead(pool, "Recent Dental", "PUNE", TestData.uniqueEmail("recent"));
        long replied = Seed.verifiedLead(pool, "Replied Dental", "Pune", TestData.uniqueEmail("replied"));
        long mumbai = Seed.verifiedLead(pool, "Mumbai Dental", "Mumbai", TestData.uniqueEmail("mumbai"));
        long bakery = Seed.verifiedLead(pool, "Pune Bakes", "Pune", TestData.uniqueEmail("bakes"));
        TestData.exec(pool, "update lead set category = 'Dentist' where id = any($1)", (Object)
                new Long[] {ready, optedOut, recent, replied, mumbai});
        TestData.exec(pool, "update lead set category = 'bakery' where id = $1", bakery);
        TestData.exec(pool, "update lead set last_contacted_at = now() - interval '3 days' where id = $1", recent);
        TestData.exec(pool, "update lead set status = 'replied' where id = $1", replied);
        // The address was opted out (another lead shared it, say) while this lead still reads verified: the
        // gate's own opt-out rule refuses it.
        TestData.exec(pool, """
                insert into opt_out (contact_type, contact_value, source, reason, recorded_by)
                values ('email', $1, 'api', 'asked us to stop', 'test')""", optedOutEmail);

        JsonPath saved = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Pune dentists",
                        "channel",
                        "email",
                        "segment",
                        Map.of("cities", "Pune", "categories", List.of("dentist"))))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("aims", equalTo("dentist in Pune"))
                .extract()
                .jsonPath();
        long id = saved.getLong("id");
        Api.asAdmin()
                .body(Map.of("name", "pune DENTISTS", "channel", "sms"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("name"));

        int audits = TestData.rows(pool, "select 1 from audit_event").size();
        JsonPath preview = Api.asOperator(pool)
                .queryParam("mode", "dry")
                .get("/api/campaign-definitions/" + id + "/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(preview.getInt("inSegment"))
                .as("the four Pune dentists, whatever their status")
                .isEqualTo(4);
        assertThat(preview.getInt("contactable")).as("not the one who replied").isEqualTo(3);
        assertThat(preview.getInt("wouldSend")).isEqualTo(1);
        assertThat(preview.getInt("wouldCancel")).isEqualTo(2);
        assertThat(preview.getList("rules.rule")).containsExactlyInAnyOrder("opt_out", "lead_cooldown");
        assertThat(preview.getList("samples.businessName"))
                .containsExactly("Smile Dental", "Gone Dental", "Recent Dental");
        assertThat(preview.getString("samples[0].action")).isEqualTo("send");
        assertThat(preview.getList("samples[1].rules.rule")).contains("opt_out", "daily_cap", "jurisdiction");
        assertThat(preview.getString("samples[1].contact")).doesNotContain(optedOutEmail);
        assertThat(TestData.rows(pool, "select 1 from audit_event"))
                .as("a preview writes nothing")
                .hasSize(audits);
        assertThat(TestData.rows(pool, "select 1 from message")).isEmpty();
        assertThat(TestData.rows(pool, "select 1 from send_counter where used > 0"))
                .isEmpty();

        long run = Api.asAdmin()
                .body(Map.of("dryRun", true))
                .post("/api/campaign-definitions/" + id + "/runs")
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
        assertThat(TestData.rows(pool, "select lead_id from message where campaign_id = $1", run))
                .extracting(r -> r.getLong("lead_id"))
                .containsExactly(ready);
        Api.asAdmin()
                .get("/api/campaigns/" + run)
                .then()
                .body("definitionId", equalTo((int) id))
                .body("aims", equalTo("dentist in Pune"));
        Api.asAdmin()
                .body(Map.of("dryRun", true))
                .post("/api/campaign-definitions/" + id + "/runs")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("still running or awaiting approval"));

        Api.asAdmin()
                .body(Map.of("name", "Pune dentists", "channel", "email", "version", 7))
                .put("/api/campaign-definitions/" + id)
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("changed meanwhile"));
        Api.asAdmin()
                .post("/api/campaign-definitions/" + id + "/archive")
                .then()
                .statusCode(200)
                .body("archived", equalTo(true));
        Api.asAdmin().get("/api/campaign-definitions").then().statusCode(200).body("size()", equalTo(0));
        assertThat(TestData.rows(
                        pool, "select action from audit_event where entity_type = 'campaign_definition' order by id"))
                .extracting(r -> r.getString("action"))
                .containsExactly("campaign_definition.created", "campaign_definition.archived");
    }

    @Test
    void aStatusSegmentTakesLeadsNeverContactedOrContactedBefore() {
        long fresh = Seed.verifiedLead(pool, "Fresh Dental", "Pune", TestData.uniqueEmail("fresh"));
        long earlier = Seed.verifiedLead(pool, "Earlier Dental", "Pune", TestData.uniqueEmail("earlier"));
        TestData.exec(
                pool,
                "update lead set status = 'contacted', last_contacted_at = now() - interval '400 days' "
                        + "where id = $1",
                earlier);

        Api.asAdmin()
                .body(Map.of("name", "Replied", "channel", "email", "segment", Map.of("statuses", "replied")))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("segment.statuses"))
                .body("errors[0].message", containsString("use verified (never contacted) or contacted"));

        long again = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Pune, once more",
                        "channel",
                        "email",
                        "segment",
                        Map.of("cities", "Pune", "statuses", List.of("contacted"))))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("aims", equalTo("leads in Pune · contacted before"))
                .extract()
                .jsonPath()
                .getLong("id");
        JsonPath preview = Api.asOperator(pool)
                .queryParam("mode", "dry")
                .get("/api/campaign-definitions/" + again + "/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(preview.getInt("inSegment")).isEqualTo(1);
        assertThat(preview.getList("samples.businessName")).containsExactly("Earlier Dental");

        long first = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Pune, first time",
                        "channel",
                        "email",
                        "segment",
                        Map.of("cities", "Pune", "statuses", "verified")))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("aims", equalTo("leads in Pune · never contacted"))
                .extract()
                .jsonPath()
                .getLong("id");
        long run = Api.asAdmin()
                .body(Map.of("dryRun", true))
                .post("/api/campaign-definitions/" + first + "/runs")
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
        assertThat(TestData.rows(pool, "select lead_id from message where campaign_id = $1", run))
                .extracting(r -> r.getLong("lead_id"))
                .containsExactly(fresh);
    }

    // the operator's tags aim a campaign; any of the given tags will do.
    @Test
    void aTagSegmentTakesLeadsWithAnyOfItsTags() {
        long warm = Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Warm Dental",
                        "email",
                        TestData.uniqueEmail("warm"),
                        "tags",
                        List.of("Warm", "expo 2026")))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        long expo = Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Expo Dental",
                        "email",
                        TestData.uniqueEmail("expo"),
                        "tags",
                        List.of("expo 2026")))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asAdmin()
                .body(Map.of(
                        "businessName", "Cold Dental", "email", TestData.uniqueEmail("cold"), "tags", List.of("cold")))
                .post("/api/leads")
                .then()
                .statusCode(201);
        Api.asAdmin()
                .body(Map.of("businessName", "Plain Dental", "email", TestData.uniqueEmail("plain")))
                .post("/api/leads")
                .then()
                .statusCode(201);

        long id = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Warm ones",
                        "channel",
                        "email",
                        "segment",
                        Map.of("tags", List.of(" WARM", "Expo  2026"))))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("aims", equalTo("tagged warm or expo 2026"))
                .body("segment.tags", contains("warm", "expo 2026"))
                .extract()
                .jsonPath()
                .getLong("id");
        JsonPath preview = Api.asOperator(pool)
                .queryParam("mode", "dry")
                .get("/api/campaign-definitions/" + id + "/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(preview.getInt("inSegment")).isEqualTo(2);
        assertThat(preview.getList("samples.leadId", Long.class)).containsExactlyInAnyOrder(warm, expo);

        Api.asAdmin()
                .body(Map.of("name", "Bad tags", "channel", "email", "segment", Map.of("tags", "#vip")))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("segment.tags"))
                .body("errors[0].message", containsString("'#vip' is not a tag"));
    }

    @Test
    void aSavedCampaignWithAScheduleRunsByItselfOnceADay() {
        long lead = Seed.verifiedLead(pool, "Daily Dental", "Pune", TestData.uniqueEmail("daily"));
        JsonPath bad = Api.asAdmin()
                .body(Map.of("name", "Hourly", "channel", "email", "schedule", "hourly", "at", "25:00"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(bad.getList("errors.field")).containsExactlyInAnyOrder("schedule", "at");
        Api.asAdmin()
                .body(Map.of("name", "Timeless", "channel", "email", "schedule", "weekdays"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("at"))
                .body("errors[0].message", containsString("the time of day it runs"));

        // Due since midnight, every day: the first tick starts today's run, the next finds it claimed (the
        // minute's own tick paused, so the test's calls are the ticks).
        scheduler.pause(CampaignSchedule.SAVED);
        try {
            runsOncePerDay(lead);
        } finally {
            scheduler.resume(CampaignSchedule.SAVED);
        }
    }

    private void runsOncePerDay(long lead) {
        long id = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Pune every day",
                        "channel",
                        "email",
                        "segment",
                        Map.of("cities", "Pune"),
                        "schedule",
                        "daily",
                        "at",
                        "00:00"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("runs", equalTo("every day at 00:00"))
                .extract()
                .jsonPath()
                .getLong("id");
        List<Long> started = schedules.runSavedDue().await().atMost(WAIT);
        assertThat(started).hasSize(1);
        assertThat(schedules.runSavedDue().await().atMost(WAIT))
                .as("claimed once a day")
                .isEmpty();
        assertThat(TestData.rows(pool, "select trigger, dry_run, definition_id, run_key from campaign"))
                .singleElement()
                .satisfies(run -> {
                    assertThat(run.getString("trigger")).isEqualTo("schedule");
                    assertThat(run.getBoolean("dry_run"))
                            .as("the safety mode in force: dry-run")
                            .isTrue();
                    assertThat(run.getLong("definition_id")).isEqualTo(id);
                    assertThat(run.getString("run_key")).startsWith("saved:" + id + ":");
                });
        TestData.await(
                WAIT,
                "the run to be drafted",
                () -> !TestData.rows(
                                pool,
                                "select 1 from campaign where id = $1 and composed_at is not null",
                                started.get(0))
                        .isEmpty());
        assertThat(TestData.rows(pool, "select lead_id from message where campaign_id = $1", started.get(0)))
                .extracting(r -> r.getLong("lead_id"))
                .containsExactly(lead);

        // Without its schedule it waits to be started.
        Api.asAdmin()
                .body(Map.of("name", "Pune every day", "channel", "email", "version", 0))
                .put("/api/campaign-definitions/" + id)
                .then()
                .statusCode(200)
                .body("runs", equalTo("when started"));
    }
}
