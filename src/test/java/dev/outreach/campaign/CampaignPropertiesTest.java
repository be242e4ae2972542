package dev.outreach.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.contact.ContactType;
import dev.outreach.optout.OptOutService;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties 18, 21, 41, 42 and 43 on the real database: which leads a run drafts, where the drafts
 * go with approval on and off, what a finished run reports, and when a failing run halts; and that
 * saved campaigns drafting side by side never share a lead.
 */
@QuarkusTest
class CampaignPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> STATUSES = List.of(
            "new", "verified", "needs_review", "rejected", "contacted", "replied", "undeliverable", "opted_out");

    @Inject
    Pool pool;

    @Inject
    Campaigns campaigns;

    @Inject
    CampaignRunner runner;

    @Inject
    CampaignMonitor monitor;

    @Inject
    OptOutService optOuts;

    @Inject
    CampaignDefinitions definitions;

    /** One generated lead: its status, whether its email is verified, opted out, and its last contact. */
    record Shape(String status, boolean emailVerified, boolean optedOut, int lastContactDaysAgo, int waitDays) {

        boolean eligible() {
            return (status.equals("verified") || status.equals("contacted"))
                    && emailVerified
                    && !optedOut
                    && (lastContactDaysAgo < 0 || lastContactDaysAgo > 30)
                    && waitDays <= 0;
        }
    }

    static Gen<Shape> shapes() {
        return arbitrary()
                .pick(STATUSES)
                .zip(
                        org.quicktheories.generators.SourceDSL.booleans().all(),
                        org.quicktheories.generators.SourceDSL.booleans().all(),
                        arbitrary().pick(List.of(-1, -1, 5, 29, 31, 90)),
                        arbitrary().pick(List.of(0, 0, -3, 4)),
                        Shape::new);
    }

    @Test
    // spotless:off
    @DisplayName("Property 41: Campaign lead selection — a run drafts exactly the verified, reachable, cooled-down leads")
    // spotless:on
    void aRunDraftsExactlyTheEligibleLeads() {
        qt().withExamples(110).forAll(lists().of(shapes()).ofSizeBetween(0, 6)).checkAssert(shapes -> {
            TestData.reset(pool);
            Set<Long> eligible = new HashSet<>();
            for (Shape shape : shapes) {
                long lead = lead(shape);
                if (shape.eligible()) {
                    eligible.add(lead);
                }
            }
            long run = draft(true);
            assertThat(leadsOf(run)).isEqualTo(eligible);
        });
    }

    @Inject
    dev.outreach.gate.PolicyFactory policies;

    @Inject
    dev.outreach.jurisdiction.CountryBook countries;

    @Inject
    dev.outreach.config.LiveSettings live;

    @Inject
    dev.outreach.common.TimeSource clock;

    /**
     * Issue 29: the gate decides who is drafted. Leads of any status, verification, opt-out, last contact,
     * wait and country (India, the US, Germany, the UK, Canada or none): a run drafts a lead exactly when the
     * gate, asked at that instant, refuses it for no lasting reason (no final rule) and it is not waiting out
     * an outcome's cool-down. So a lead the gate refuses for good is never drafted, and the query that finds
     * leads for speed keeps none the gate would allow.
     */
    @Test
    @DisplayName("The gate decides who is drafted: a run drafts exactly the leads the gate does not refuse for good")
    void aRunDraftsExactlyTheLeadsTheGateDoesNotRefuseForGood() {
        Gen<String> countryOf = arbitrary().pick(java.util.Arrays.asList("IN", "US", "DE", "GB", "CA", null));
        qt().withExamples(110)
                .forAll(lists().of(shapes().zip(countryOf, (shape, country) -> new Object[] {shape, country}))
                        .ofSizeBetween(1, 5))
                .checkAssert(leads -> {
                    TestData.reset(pool);
                    List<Long> ids = new java.util.ArrayList<>();
                    for (Object[] pair : leads) {
                        long lead = lead((Shape) pair[0]);
                        TestData.exec(pool, "update lead set country = $2 where id = $1", lead, pair[1]);
                        ids.add(lead);
                    }
                    draft(true);
                    // Drafted by any run: the scheduled daily run may take a lead first (a lead is drafted once), and a
                    // lead the gate refuses for good must be drafted by none.
                    Set<Long> drafted = new HashSet<>();
                    TestData.rows(pool, "select distinct lead_id from message")
                            .forEach(r -> drafted.add(r.getLong("lead_id")));
                    java.time.ZoneId zone = live.current().timezone();
                    List<dev.outreach.gate.Candidate> candidates = new java.util.ArrayList<>();
                    TestData.rows(
                                    pool,
                                    "select l.*, l.last_contacted_at as last_contact from lead l where id = any($1) "
                                            + "order by id",
                                    (Object) ids.toArray(Long[]::new))
                            .forEach(r -> candidates.add(CampaignPreview.candidate(
                                    r, dev.outreach.contact.Channel.EMAIL, true, zone, "IN")));
                    var session = pool.withConnection(conn -> dev.outreach.gate.GateSession.preview(
                                    conn, candidates, zone, clock.now(), countries.dlt(), false, null))
                            .await()
                            .atMost(WAIT);
                    for (dev.outreach.gate.Candidate c : candidates) {
                        var decision = session.decide(c, policies.policy(true));
                        boolean forGood = decision.refusals().stream()
                                .anyMatch(v -> v.rule().finalRefusal());
                        boolean waiting = decision.refusals().stream()
                                .anyMatch(v -> v.rule() == dev.outreach.gate.Rule.OUTCOME_COOLDOWN);
                        assertThat(drafted.contains(c.leadId()))
                                .as("lead %d drafted, the gate said %s", c.leadId(), decision.summary())
                                .isEqualTo(!forGood && !waiting);
                    }
                });
    }

    @Inject
    CampaignPreview previews;

    @Inject
    dev.outreach.outbox.Dispatcher dispatcher;

    /**
     * Issue 29: the preview says what happens. For leads of any status, verification, opt-out, last contact,
     * wait and country, asked at one instant with approval off: a lead the preview would send to is drafted by a
     * run and let through by the outbox's gate (a dry-run, so recorded as {@code dry_run}); one it would cancel
     * is drafted by no run; one it would defer is drafted and waits, unless an outcome's cool-down keeps it out.
     */
    @Test
    @DisplayName("The preview's would-send is what a run drafts and the outbox lets through at that instant")
    void thePreviewSaysWhatARunAndTheOutboxDo() {
        Gen<String> countryOf = arbitrary().pick(java.util.Arrays.asList("IN", "US", "DE", "GB", "CA", null));
        qt().withExamples(100)
                .forAll(lists().of(shapes().zip(countryOf, (shape, country) -> new Object[] {shape, country}))
                        .ofSizeBetween(1, 5))
                .checkAssert(leads -> {
                    TestData.reset(pool);
                    TestData.exec(pool, "update safety_settings set approval_mode = false where id = 1");
                    Map<Long, Shape> shapeOf = new HashMap<>();
                    for (Object[] pair : leads) {
                        long lead = lead((Shape) pair[0]);
                        TestData.exec(pool, "update lead set country = $2 where id = $1", lead, pair[1]);
                        shapeOf.put(lead, (Shape) pair[0]);
                    }
                    CampaignPreview.Preview preview = previews.preview(
                                    Segment.ANY, dev.outreach.contact.Channel.EMAIL, true)
                            .await()
                            .atMost(WAIT);
                    Map<Long, String> said = new HashMap<>();
                    preview.samples().forEach(sample -> said.put(sample.leadId(), sample.action()));
                    draft(true);
                    dispatcher.drain().await().atMost(WAIT);
                    // The scheduled tick may have claimed some of them first (SKIP LOCKED keeps this drain off
                    // those): wait until the outbox has decided everything due, whichever drain decided it.
                    TestData.await(
                            WAIT,
                            "the outbox to decide every due message",
                            () -> TestData.rows(
                                            pool,
                                            "select 1 from message where status = 'sending'"
                                                    + " or (status = 'queued' and due_at <= now())")
                                    .isEmpty());
                    Map<Long, String> outcome = new HashMap<>();
                    TestData.rows(pool, "select lead_id, status from message")
                            .forEach(r -> outcome.put(r.getLong("lead_id"), r.getString("status")));
                    assertThat(said.values().stream().filter("send"::equals).count())
                            .as("the count the preview shows")
                            .isEqualTo(preview.wouldSend());
                    said.forEach((lead, action) -> {
                        String what = "lead " + lead + ": the preview said " + action + ", the run and outbox made it "
                                + outcome.get(lead);
                        switch (action) {
                            case "send" ->
                                assertThat(outcome.get(lead)).as(what).isEqualTo("dry_run");
                            case "cancel" -> assertThat(outcome).as(what).doesNotContainKey(lead);
                            default -> {
                                if (shapeOf.get(lead).waitDays() > 0) {
                                    assertThat(outcome).as(what).doesNotContainKey(lead);
                                } else {
                                    assertThat(outcome.get(lead)).as(what).isEqualTo("queued");
                                }
                            }
                        }
                    });
                    assertThat(outcome.keySet())
                            .as("no lead the preview left out is drafted")
                            .isSubsetOf(said.keySet());
                });
        TestData.safeDefaults(pool);
    }

    @Test
    @DisplayName(
            "Saved campaigns side by side: two runs on one channel drafting at once draft each lead they share once")
    void twoRunsOnOneChannelShareNoLead() {
        // Each lead is in Pune, in Mumbai, or a Pune dentist: one campaign aims at Pune, the other at dentists.
        qt().withExamples(100)
                .forAll(lists().of(arbitrary().pick(List.of("Pune", "Mumbai", "Pune dentist")))
                        .ofSizeBetween(0, 8))
                .checkAssert(places -> {
                    TestData.reset(pool);
                    Map<Long, String> leads = new HashMap<>();
                    for (String place : places) {
                        long lead = lead(new Shape("verified", true, false, -1, 0));
                        TestData.exec(
                                pool,
                                "update lead set city = $2, category = $3 where id = $1",
                                lead,
                                place.startsWith("Pune") ? "Pune" : "Mumbai",
                                place.endsWith("dentist") ? "dentist" : null);
                        leads.put(lead, place);
                    }
                    long pune = savedRun("Pune", Map.of("cities", "Pune"));
                    long dentists = savedRun("Dentists", Map.of("categories", "dentist"));
                    Uni.join()
                            .all(runner.run(pune), runner.run(dentists))
                            .andFailFast()
                            .await()
                            .atMost(WAIT);

                    List<Row> drafts = TestData.rows(pool, "select lead_id, campaign_id from message");
                    Map<Long, Long> runOf = new HashMap<>();
                    drafts.forEach(d -> assertThat(runOf.put(d.getLong("lead_id"), d.getLong("campaign_id")))
                            .as("lead %d is drafted once, not by both runs", d.getLong("lead_id"))
                            .isNull());
                    leads.forEach((lead, place) -> {
                        if (place.equals("Mumbai")) {
                            assertThat(runOf).as("no campaign aims at Mumbai").doesNotContainKey(lead);
                        } else if (place.equals("Pune")) {
                            assertThat(runOf.get(lead))
                                    .as("only the Pune campaign aims at lead %d", lead)
                                    .isEqualTo(pune);
                        } else {
                            assertThat(runOf.get(lead))
                                    .as("a Pune dentist is drafted by one of them")
                                    .isIn(pune, dentists);
                        }
                    });
                });
    }

    /** A run of a new saved email campaign aimed at {@code segment}, started and not yet drafted. */
    private long savedRun(String name, Map<String, Object> segment) {
        CampaignDefinitions.Definition saved = definitions
                .create(new CampaignDefinitions.Request(name, "email", segment, null), "test")
                .await()
                .atMost(WAIT);
        return pool.withTransaction(conn -> campaigns.start(
                        conn,
                        dev.outreach.contact.Channel.EMAIL,
                        true,
                        "manual",
                        null,
                        "test",
                        steps(),
                        saved.id(),
                        saved.target(),
                        null))
                .await()
                .atMost(WAIT);
    }

    @Test
    // spotless:off
    @DisplayName("Property 18: Approval queue routing — with approval on, every draft waits for review and none is queued")
    // spotless:on
    void withApprovalOnEveryDraftWaits() {
        qt().withExamples(110)
                .forAll(integers().between(0, 4), integers().between(0, 1_000_000))
                .checkAssert((n, salt) -> {
                    TestData.reset(pool);
                    TestData.exec(pool, "update safety_settings set approval_mode = true where id = 1");
                    for (int i = 0; i < n; i++) {
                        lead(new Shape("verified", true, false, -1, 0));
                    }
                    long run = draft(true);
                    List<Row> drafts = TestData.rows(pool, """
                    select m.status, a.status as review from message m left join approval a on a.message_id = m.id
                    where m.campaign_id = $1""", run);
                    assertThat(drafts).hasSize(n);
                    assertThat(drafts).allSatisfy(d -> {
                        assertThat(d.getString("status")).isEqualTo("pending_approval");
                        assertThat(d.getString("review")).isEqualTo("PENDING");
                    });
                });
    }

    @Test
    @DisplayName("Property 21: Approval bypass — with approval off, drafts go straight to the send queue")
    void withApprovalOffDraftsAreQueued() {
        qt().withExamples(110)
                .forAll(integers().between(0, 4), integers().between(0, 1_000_000))
                .checkAssert((n, salt) -> {
                    TestData.reset(pool);
                    TestData.exec(pool, "update safety_settings set approval_mode = false where id = 1");
                    for (int i = 0; i < n; i++) {
                        lead(new Shape("verified", true, false, -1, 0));
                    }
                    long run = draft(false);
                    List<Row> drafts = TestData.rows(pool, """
                    select m.status, a.id as review from message m left join approval a on a.message_id = m.id
                    where m.campaign_id = $1""", run);
                    assertThat(drafts).hasSize(n);
                    assertThat(drafts).allSatisfy(d -> {
                        assertThat(d.getString("status")).isIn("queued", "sending", "dry_run");
                        assertThat(d.getValue("review")).isNull();
                    });
                });
        TestData.safeDefaults(pool);
    }

    @Test
    // spotless:off
    @DisplayName("Property 42: Campaign report generation — a finished run reports every message by outcome and mails it")
    // spotless:on
    void aFinishedRunReportsEveryOutcome() {
        List<String> finals = List.of(
                "sent", "delivered", "failed", "bounced", "cancelled", "dry_run", "rejected", "expired", "held");
        qt().withExamples(110)
                .forAll(lists().of(arbitrary().pick(finals)).ofSizeBetween(1, 8))
                .checkAssert(outcomes -> {
                    TestData.reset(pool);
                    long run = started(true);
                    Map<String, Integer> expected = new HashMap<>();
                    for (String outcome : outcomes) {
                        String email = TestData.uniqueEmail("r");
                        long lead = Seed.verifiedLead(pool, "Report " + UUID.randomUUID(), "Pune", email);
                        Seed.campaignEmail(pool, lead, email, run, outcome);
                        expected.merge(outcome, 1, Integer::sum);
                    }
                    int mailed =
                            MailResource.receivedBy("ops@acme-studio.example").size();
                    // Drafting ends only now: the run cannot complete before all its messages are in.
                    pool.withTransaction(conn -> campaigns.markDrafted(conn, run))
                            .await()
                            .atMost(WAIT);
                    // The scheduled monitor may complete the run first; either way it ends completed, once.
                    monitor.completeFinished().await().atMost(WAIT);
                    Row done = TestData.rows(pool, "select status, report from campaign where id = $1", run)
                            .get(0);
                    assertThat(done.getString("status")).isEqualTo("completed");
                    JsonObject report = done.getJsonObject("report");
                    Map<String, Integer> reported = new HashMap<>();
                    report.forEach(e -> reported.put(e.getKey(), ((Number) e.getValue()).intValue()));
                    assertThat(reported).isEqualTo(expected);
                    TestData.await(
                            WAIT,
                            "the report mailed to the operators",
                            () -> MailResource.receivedBy("ops@acme-studio.example")
                                            .size()
                                    > mailed);
                    List<MimeMessage> mail = MailResource.receivedBy("ops@acme-studio.example");
                    assertThat(mail.stream().filter(m -> subject(m).equals("[Outreach] Campaign " + run + " report")))
                            .isNotEmpty();
                });
    }

    @Test
    @DisplayName("Property 43: Critical error handling — a run halts and alerts once more than half its attempts fail")
    void aRunHaltsWhenMostAttemptsFail() {
        qt().withExamples(110)
                .forAll(
                        integers().between(0, 14),
                        integers().between(0, 14),
                        integers().between(0, 1_000))
                .checkAssert((failed, sent, salt) -> {
                    TestData.reset(pool);
                    long run = started(false);
                    // The attempts join the run in one statement: the scheduled monitor sees all of them or none.
                    List<UUID> attempts = new java.util.ArrayList<>();
                    for (int i = 0; i < failed + sent; i++) {
                        String email = TestData.uniqueEmail("h" + i);
                        long lead = Seed.verifiedLead(pool, "Halting " + UUID.randomUUID(), "Pune", email);
                        attempts.add(Seed.campaignEmail(pool, lead, email, null, i < failed ? "failed" : "sent"));
                    }
                    TestData.exec(
                            pool,
                            "update message set campaign_id = $1 where id = any($2)",
                            run,
                            attempts.toArray(UUID[]::new));
                    String email = TestData.uniqueEmail("waiting");
                    Seed.campaignEmail(
                            pool,
                            Seed.verifiedLead(pool, "Waiting " + UUID.randomUUID(), "Pune", email),
                            email,
                            run,
                            "queued");
                    pool.withTransaction(conn -> campaigns.markDrafted(conn, run))
                            .await()
                            .atMost(WAIT);
                    monitor.tick().await().atMost(WAIT);
                    int attempted = failed + sent;
                    boolean halts = attempted >= 10 && failed > attempted * 0.5;
                    Row state = TestData.rows(pool, "select status, halt_reason from campaign where id = $1", run)
                            .get(0);
                    assertThat(state.getString("status"))
                            .as("%d of %d failed", failed, attempted)
                            .isEqualTo(halts ? "halted" : "running");
                    if (halts) {
                        // The scheduled monitor may have halted the run first and still be committing its alert.
                        TestData.await(
                                WAIT,
                                "the failing-run alert",
                                () -> !TestData.rows(
                                                pool,
                                                "select 1 from alert where alert_key = $1",
                                                "failing:campaign:" + run)
                                        .isEmpty());
                    }
                    assertThat(TestData.rows(
                                    pool, "select 1 from alert where alert_key = $1", "failing:campaign:" + run))
                            .hasSize(halts ? 1 : 0);
                    if (halts) {
                        assertThat(state.getString("halt_reason"))
                                .isEqualTo(failed + " of " + attempted + " attempts failed");
                    }
                });
    }

    /** Starts an email run through the store and drafts it to the end; returns its id. */
    private long draft(boolean dryRun) {
        long id = pool.withTransaction(conn -> campaigns.start(
                        conn, dev.outreach.contact.Channel.EMAIL, dryRun, "manual", null, "test", steps()))
                .await()
                .atMost(WAIT);
        runner.run(id).await().atMost(WAIT);
        return id;
    }

    /**
     * A running run still being drafted, so that no monitor completes it before the test has put in all
     * its messages (the test marks it drafted then).
     */
    private long started(boolean dryRun) {
        return pool.withTransaction(conn -> campaigns.start(
                        conn, dev.outreach.contact.Channel.EMAIL, dryRun, "manual", null, "test", steps()))
                .await()
                .atMost(WAIT);
    }

    private long lead(Shape shape) {
        String email = TestData.uniqueEmail("sel");
        long id = TestData.rows(
                        pool,
                        """
                insert into lead (source, business_name, name_key, city, email, status, email_verified,
                                  last_contacted_at, cooldown_until)
                values ('api', $1, lower($1), 'Pune', $2, $3, $4,
                        case when $5 < 0 then null else now() - make_interval(days => $5) end,
                        case when $6 = 0 then null else now() + make_interval(days => $6) end)
                returning id""",
                        "Selected " + UUID.randomUUID(),
                        email,
                        shape.status(),
                        shape.emailVerified(),
                        shape.lastContactDaysAgo(),
                        shape.waitDays())
                .get(0)
                .getLong("id");
        if (shape.optedOut()) {
            optOuts.optOut(ContactType.EMAIL, email, "api", "test", "test")
                    .await()
                    .atMost(WAIT);
        }
        return id;
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<Long> leadsOf(long run) {
        Set<Long> leads = new HashSet<>();
        TestData.rows(pool, "select lead_id from message where campaign_id = $1", run)
                .forEach(r -> leads.add(r.getLong("lead_id")));
        return leads;
    }

    private static JsonArray steps() {
        return new JsonArray().add(new JsonObject().put("channel", "email").put("afterDays", 0));
    }
}
