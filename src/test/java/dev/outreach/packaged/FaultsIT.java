package dev.outreach.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.bench.HubSpotStub;
import dev.outreach.support.FaultyPort;
import dev.outreach.support.Jdbc;
import dev.outreach.support.MailResource;
import dev.outreach.support.PackagedApp;
import dev.outreach.support.RestartablePostgres;
import dev.outreach.support.TestData;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fault suite (issue 8, R-5.5, R-6, R-11.4, R-20.2): the packaged application in a live email
 * campaign to a real SMTP server, killed with SIGKILL over and over, cut off from its SMTP server for
 * two minutes, cut off from PostgreSQL for a minute, and run as three replicas of which one dies for
 * good. After each: no email twice, no lead lost (every lead of the run has its one message, sent,
 * held for review or still due). Run with
 * {@code ./mvnw verify -Pfaults} (about ten minutes); figures are printed as {@code [figures]} lines.
 */
class FaultsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int KILLS = Integer.getInteger("faults.kills", 20);
    private static final int KILL_LEADS = Integer.getInteger("faults.leads", 10_000);

    // SIGKILL at 20 random points of a 10,000-message live campaign, restarting after each.
    @Test
    void twentyKillsDuringALiveCampaign() {
        Jdbc db = Jdbc.fresh("kills");
        Map<String, String> env = env(db.env());
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < KILLS) {
            points.add(KILL_LEADS / 100 + random.nextInt(KILL_LEADS * 9 / 10));
        }
        int baseline = MailResource.server().getReceivedMessages().length;
        long started = System.nanoTime();
        int kills = 0;
        for (int point : points) {
            PackagedApp app = PackagedApp.start(env);
            try {
                if (kills == 0) {
                    leads(db, KILL_LEADS, "k");
                    startCampaign(app);
                }
                TestData.await(
                        Duration.ofMinutes(3),
                        point + " emails out",
                        () -> MailResource.server().getReceivedMessages().length - baseline >= point);
            } finally {
                app.kill();
            }
            kills++;
        }
        try (PackagedApp last = PackagedApp.start(env)) {
            awaitCampaignSettled(db, Duration.ofMinutes(4));
        }
        Tally tally = tally(db, "k");
        summary("kills: seed " + seed + ", " + kills + " SIGKILLs at emails " + points + " of a " + KILL_LEADS
                + "-lead live campaign, " + Math.round(seconds(started)) + " s: " + tally);
        tally.assertSafe(KILL_LEADS);
        assertThat(kills).isEqualTo(KILLS);
    }

    // Three replicas on one database (issue 34, R-20.2): one SIGKILLed mid-campaign and never restarted, then a
    // rolling restart of the other two; no email twice, no lead lost, the dead replica's leases taken over.
    @Test
    void threeReplicasOneKilledForGoodThenARollingRestart() {
        Jdbc db = Jdbc.fresh("replicas");
        Map<String, String> env = env(db.env());
        int baseline = MailResource.server().getReceivedMessages().length;
        long started = System.nanoTime();
        // The one to die starts first, so that it holds job leases when it is killed.
        PackagedApp doomed = PackagedApp.start(replica(env, "replica-c"));
        TestData.await(
                Duration.ofMinutes(1),
                "replica-c to hold job leases",
                () -> db.count("select count(*) from job_lease where holder like 'replica-c:%'") > 0);
        PackagedApp a = PackagedApp.start(replica(env, "replica-a"));
        PackagedApp b = PackagedApp.start(replica(env, "replica-b"));
        try {
            leads(db, KILL_LEADS, "r");
            startCampaign(a);
            TestData.await(
                    Duration.ofMinutes(3),
                    "a fifth of the emails out",
                    () -> MailResource.server().getReceivedMessages().length - baseline >= KILL_LEADS / 5);
            List<Map<String, Object>> held = db.query("select job from job_lease where holder like 'replica-c:%'");
            doomed.kill();
            int atKill = MailResource.server().getReceivedMessages().length - baseline;

            TestData.await(
                    Duration.ofMinutes(3),
                    "half of the emails out",
                    () -> MailResource.server().getReceivedMessages().length - baseline >= KILL_LEADS / 2);
            int atRollStart = MailResource.server().getReceivedMessages().length - baseline;
            a.close(); // a rolling restart: each replica stopped as Kubernetes stops it, then started again
            a = PackagedApp.start(replica(env, "replica-a"));
            b.close();
            b = PackagedApp.start(replica(env, "replica-b"));
            int atRollEnd = MailResource.server().getReceivedMessages().length - baseline;
            awaitCampaignSettled(db, Duration.ofMinutes(4));

            // A lease the dead replica held expires and is taken by a live one at that job's next tick.
            TestData.await(
                    Duration.ofMinutes(4),
                    "no live lease left with the dead replica",
                    () -> db.count(
                                    "select count(*) from job_lease where holder like 'replica-c:%' and expires_at > now()")
                            == 0);
            TestData.await(
                    Duration.ofMinutes(4),
                    "a job of the dead replica's run by another",
                    () -> db.count(
                                    "select count(*) from job_lease where holder not like 'replica-c:%' and job = any(?)",
                                    (Object) held.stream()
                                            .map(r -> (String) r.get("job"))
                                            .toArray(String[]::new))
                            > 0);
            Tally tally = tally(db, "r");
            summary("replicas: 3 on one database, " + KILL_LEADS + "-lead live campaign, replica-c (holding "
                    + held.size() + " job leases) SIGKILLed for good after " + atKill
                    + " emails, replica-a then replica-b "
                    + "stopped and started again between emails " + atRollStart + " and " + atRollEnd + ", "
                    + Math.round(seconds(started))
                    + " s: " + tally);
            tally.assertSafe(KILL_LEADS);
        } finally {
            a.close();
            b.close();
        }
    }

    private static Map<String, String> replica(Map<String, String> env, String name) {
        Map<String, String> named = new HashMap<>(env);
        named.put("OUTREACH_INSTANCE_ID", name);
        return named;
    }

    // SIGKILL while pushing to HubSpot (issue 32): the queue is left mid-push five times; every event still
    // reaches HubSpot exactly once, and each lead's in the order they happened.
    @Test
    void killsWhilePushingToTheCrm() throws java.io.IOException {
        try (HubSpotStub hubspot = HubSpotStub.start(0)) {
            hubspot.delay(60);
            Jdbc db = Jdbc.fresh("crmkills");
            Map<String, String> env = env(db.env());
            env.putAll(Map.of(
                    "OUTREACH_CRM",
                    "hubspot",
                    "OUTREACH_HUBSPOT_TOKEN",
                    "fault-hubspot-token",
                    "OUTREACH_HUBSPOT_BASE_URL",
                    "http://localhost:" + hubspot.port(),
                    "OUTREACH_CAMPAIGN_DAILY_EMAIL",
                    "false",
                    "OUTREACH_DRY_RUN",
                    "true"));
            int leads = 100;
            long seed = System.nanoTime();
            Random random = new Random(seed);
            TreeSet<Integer> points = new TreeSet<>();
            while (points.size() < 5) {
                points.add(10 + random.nextInt(2 * leads - 20));
            }
            long started = System.nanoTime();
            for (int point : points) {
                PackagedApp app = PackagedApp.start(env);
                try {
                    if (point == points.first()) {
                        leads(db, leads, "c");
                        db.update("""
                                insert into crm_push (lead_id, system, kind, ref)
                                select id, 'hubspot', k, case k when 'opt_out' then email else gen_random_uuid()::text end
                                from lead, unnest(array['opt_out', 'message']) k order by id, k desc""");
                    }
                    TestData.await(
                            Duration.ofMinutes(3),
                            point + " notes in HubSpot",
                            () -> hubspot.notes().size() >= point);
                } finally {
                    app.kill();
                }
            }
            try (PackagedApp last = PackagedApp.start(env)) {
                TestData.await(
                        Duration.ofMinutes(5),
                        "every push done",
                        () -> db.count("select count(*) from crm_push where status <> 'done'") == 0);
            }
            List<Long> made = hubspot.notes();
            Map<Long, List<Long>> byLead = new HashMap<>();
            db.query("select id, lead_id from crm_push order by id")
                    .forEach(r -> byLead.computeIfAbsent(
                                    ((Number) r.get("lead_id")).longValue(), k -> new java.util.ArrayList<>())
                            .add(((Number) r.get("id")).longValue()));
            summary("crm kills: seed " + seed + ", 5 SIGKILLs at notes " + points + " of " + 2 * leads + ", "
                    + Math.round(seconds(started)) + " s: " + made.size() + " notes made, " + hubspot.duplicates()
                    + " twice");
            assertThat(hubspot.duplicates()).isZero();
            assertThat(made).doesNotHaveDuplicates().hasSize(2 * leads);
            byLead.values()
                    .forEach(pushes -> assertThat(
                                    made.stream().filter(pushes::contains).toList())
                            .as("in order for one lead")
                            .isEqualTo(pushes));
        }
    }

    // Two minutes without the SMTP server (40 s refused, 40 s "421", 40 s silent): the breaker opens,
    // nothing is lost or marked undeliverable, and sending resumes by itself.
    @Test
    void twoMinutesWithoutTheSmtpServer() {
        Jdbc db = Jdbc.fresh("outage");
        try (FaultyPort smtp =
                FaultyPort.inFrontOf(MailResource.server().getSmtp().getPort())) {
            Map<String, String> env = new HashMap<>(env(db.env()));
            env.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.port()));
            int leads = 3_000;
            int baseline = MailResource.server().getReceivedMessages().length;
            try (PackagedApp app = PackagedApp.start(env)) {
                leads(db, leads, "o");
                startCampaign(app);
                TestData.await(
                        Duration.ofMinutes(2),
                        "the first emails",
                        () -> MailResource.server().getReceivedMessages().length - baseline >= 200);
                int beforeOutage = MailResource.server().getReceivedMessages().length - baseline;
                long outage = System.nanoTime();
                double openedAfter = -1;
                int attemptsWhenOpen = -1;
                for (FaultyPort.Mode mode :
                        List.of(FaultyPort.Mode.REFUSE, FaultyPort.Mode.UNAVAILABLE, FaultyPort.Mode.HANG)) {
                    smtp.mode(mode);
                    long phase = System.nanoTime();
                    while (System.nanoTime() - phase < Duration.ofSeconds(40).toNanos()) {
                        if (openedAfter < 0 && metric(app, "outreach_circuit_state{name=\"smtp\"}") == 2.0 /* OPEN */) {
                            openedAfter = (System.nanoTime() - outage) / 1e9;
                            attemptsWhenOpen = smtp.faultedConnections();
                        }
                        pause(Duration.ofMillis(100));
                    }
                }
                int duringOutage = MailResource.server().getReceivedMessages().length - baseline - beforeOutage;
                int faulted = smtp.faultedConnections();
                smtp.mode(FaultyPort.Mode.PASS);
                long back = System.nanoTime();
                TestData.await(
                        Duration.ofMinutes(3),
                        "sending to resume",
                        () -> MailResource.server().getReceivedMessages().length - baseline
                                > beforeOutage + duringOutage);
                double resumedAfter = seconds(back);
                awaitCampaignSettledOrWaiting(db, Duration.ofMinutes(4));
                Tally tally = tally(db, "o");
                String halts = db.query("select count(*) as n from audit_event where action = 'campaign.halted'")
                        .get(0)
                        .get("n")
                        .toString();
                summary("smtp outage 120 s (refused, 421, silent): breaker open after "
                        + String.format("%.1f", openedAfter)
                        + " s (" + attemptsWhenOpen + " failed connections then; refused ones are not counted), "
                        + faulted + " connections reached the dead server in 2 min, campaign halts " + halts
                        + ", emails during the outage " + duringOutage + ", sending resumed "
                        + String.format("%.1f", resumedAfter) + " s after the server came back; " + tally);
                assertThat(openedAfter)
                        .as("the breaker opened during the outage")
                        .isBetween(0.0, 40.0);
                assertThat(faulted)
                        .as("calls that reached the dead server in two minutes")
                        .isLessThan(60);
                tally.assertSafe(leads);
                assertThat(db.count("select count(*) from lead where status = 'undeliverable'"))
                        .isZero();
                assertThat(db.count("select count(*) from message where status in ('failed', 'rejected', 'bounced')"))
                        .isZero();
            }
        }
    }

    // PostgreSQL stopped for 60 s mid-campaign: readiness DOWN then UP, an alert, no duplicates, no loss.
    @Test
    void aMinuteWithoutPostgres() {
        try (RestartablePostgres postgres = RestartablePostgres.start()) {
            Jdbc db = postgres.jdbc();
            int leads = 3_000;
            int baseline = MailResource.server().getReceivedMessages().length;
            try (PackagedApp app = PackagedApp.start(env(db.env()))) {
                leads(db, leads, "p");
                startCampaign(app);
                TestData.await(
                        Duration.ofMinutes(2),
                        "the first emails",
                        () -> MailResource.server().getReceivedMessages().length - baseline >= 300);
                postgres.down();
                long stopped = System.nanoTime();
                TestData.await(Duration.ofSeconds(30), "readiness DOWN", () -> status(app, "/q/health/ready") == 503);
                double downAfter = seconds(stopped);
                int atDown = MailResource.server().getReceivedMessages().length;
                pause(Duration.ofSeconds(60).minusNanos(System.nanoTime() - stopped));
                int sentWhileDown = MailResource.server().getReceivedMessages().length - atDown;
                assertThat(status(app, "/q/health/live"))
                        .as("liveness stays UP: a restart would not help")
                        .isEqualTo(200);
                postgres.up();
                long restarted = System.nanoTime();
                TestData.await(Duration.ofSeconds(60), "readiness UP", () -> status(app, "/q/health/ready") == 200);
                double upAfter = seconds(restarted);
                awaitCampaignSettled(db, Duration.ofMinutes(4));
                Tally tally = tally(db, "p");
                boolean alerted = db.count("select count(*) from alert where alert_key = 'database:unreachable'") == 1;
                boolean warned = app.output().contains("ALERT database");
                summary("postgres stopped 60 s: readiness DOWN after " + String.format("%.1f", downAfter)
                        + " s, UP " + String.format("%.1f", upAfter) + " s after the restart, emails while down "
                        + sentWhileDown + " (in flight), alert logged " + warned + ", recorded " + alerted + "; "
                        + tally);
                assertThat(warned).as("an alert while the database is away").isTrue();
                assertThat(alerted)
                        .as("the outage recorded as an alert once it is back")
                        .isTrue();
                tally.assertSafe(leads);
            }
        }
    }

    /**
     * What became of a run's leads (its first step; later steps of the sequence are days away), from
     * the database and the SMTP server.
     */
    record Tally(
            int leads,
            int withoutMessage,
            int withMoreThanOne,
            int sent,
            int held,
            int due,
            int other,
            int duplicates,
            int sentButNotArrived,
            int queuedButArrived,
            int heldAndArrived) {

        void assertSafe(int expectedLeads) {
            assertThat(leads).isEqualTo(expectedLeads);
            assertThat(duplicates).as("emails received twice").isZero();
            assertThat(withoutMessage).as("leads lost (no message)").isZero();
            assertThat(withMoreThanOne).as("leads drafted twice").isZero();
            assertThat(other).as("messages neither sent, held nor due").isZero();
            assertThat(sentButNotArrived)
                    .as("messages marked sent that never arrived")
                    .isZero();
            assertThat(queuedButArrived)
                    .as("messages still due that already arrived")
                    .isZero();
        }

        @Override
        public String toString() {
            return leads + " leads: " + sent + " sent, " + held + " held (" + heldAndArrived + " of them arrived), "
                    + due + " still due, duplicates " + duplicates + ", lost " + (withoutMessage + other);
        }
    }

    private static Tally tally(Jdbc db, String prefix) {
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage message : MailResource.server().getReceivedMessages()) {
            try {
                for (Address to : message.getAllRecipients()) {
                    String address = to.toString().toLowerCase();
                    if (address.startsWith("owner@" + prefix + "-")) {
                        received.merge(address, 1, Integer::sum);
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<Map<String, Object>> rows = db.query("""
                select l.email, count(m.id) as messages, min(m.status) as status
                from lead l left join message m on m.lead_id = l.id and m.sequence_step = 1
                where l.email like ?
                group by l.email""", "owner@" + prefix + "-%");
        int withoutMessage = 0;
        int more = 0;
        int sent = 0;
        int held = 0;
        int due = 0;
        int other = 0;
        int sentButNotArrived = 0;
        int queuedButArrived = 0;
        int heldAndArrived = 0;
        for (Map<String, Object> row : rows) {
            long messages = ((Number) row.get("messages")).longValue();
            int got = received.getOrDefault((String) row.get("email"), 0);
            if (messages == 0) {
                withoutMessage++;
                continue;
            }
            if (messages > 1) {
                more++;
            }
            switch ((String) row.get("status")) {
                case "sent", "delivered" -> {
                    sent++;
                    sentButNotArrived += got == 0 ? 1 : 0;
                }
                case "held" -> {
                    held++;
                    heldAndArrived += got;
                }
                case "queued" -> {
                    due++;
                    queuedButArrived += got;
                }
                default -> other++;
            }
        }
        int duplicates = received.values().stream()
                .mapToInt(n -> n - 1)
                .filter(n -> n > 0)
                .sum();
        return new Tally(
                rows.size(),
                withoutMessage,
                more,
                sent,
                held,
                due,
                other,
                duplicates,
                sentButNotArrived,
                queuedButArrived,
                heldAndArrived);
    }

    private static Map<String, String> env(Map<String, String> database) {
        Map<String, String> env = new HashMap<>(database);
        env.putAll(Map.of(
                "OUTREACH_ADMIN_API_KEY", TestData.ADMIN_KEY,
                "OUTREACH_DRY_RUN", "false",
                "OUTREACH_APPROVAL_MODE", "false",
                "OUTREACH_EMAIL_DAILY_CAP", "1000000",
                "OUTREACH_OUTBOX_HELD_AFTER", "PT5S",
                // R-11.4 alerts after five minutes; the outage here lasts one.
                "OUTREACH_DATABASE_ALERT_AFTER", "PT10S"));
        return env;
    }

    /** {@code count} verified leads, each at a domain of its own. */
    private static void leads(Jdbc db, int count, String prefix) {
        db.update("""
                insert into lead (source, business_name, name_key, city, category, email, status, email_verified)
                select 'csv', 'Fault business ' || g, 'fault business ' || g, 'Pune', 'retail',
                       'owner@' || ? || '-' || g || '.example', 'verified', true
                from generate_series(1, ?) g""", prefix, count);
    }

    private static void startCampaign(PackagedApp app) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(app.url("/api/campaigns")))
                .header("X-API-Key", TestData.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"email\",\"dryRun\":false}"))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** The run is drafted to the end and nothing is sending or due now. */
    private static void awaitCampaignSettled(Jdbc db, Duration timeout) {
        TestData.await(
                timeout,
                "the campaign to settle",
                () -> db.count("select count(*) from campaign where composed_at is null") == 0 && db.count("""
                select count(*) from message where status = 'sending' or (status = 'queued' and due_at <= now())""") == 0);
    }

    /** As above, but messages requeued for a later retry may still be waiting. */
    private static void awaitCampaignSettledOrWaiting(Jdbc db, Duration timeout) {
        TestData.await(
                timeout,
                "the campaign to settle",
                () -> db.count("select count(*) from campaign where composed_at is null") == 0 && db.count("""
                select count(*) from message where status = 'sending'
                   or (status = 'queued' and due_at <= now() and attempts = 0)""") == 0);
    }

    private static double metric(PackagedApp app, String series) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(app.url("/q/metrics")))
                .header("X-API-Key", TestData.ADMIN_KEY)
                .build());
        return response.body()
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(Double.NaN);
    }

    private static int status(PackagedApp app, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(app.url(path)))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void summary(String line) {
        System.out.println("[figures] " + line);
    }
}
