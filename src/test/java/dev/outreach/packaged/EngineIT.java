package dev.outreach.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Jdbc;
import dev.outreach.support.MailResource;
import dev.outreach.support.PackagedApp;
import dev.outreach.support.TestData;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox across processes, with the packaged application: two replicas on one database, and a
 * replica killed with SIGKILL in the middle of a live campaign. Each test runs
 * the processes it starts on a database of its own, so that nothing else claims its messages.
 */
class EngineIT {

    // Property 14 across replicas: two instances on one database never spend more than the cap together.
    @Test
    void twoReplicasNeverExceedACapTogether() {
        Jdbc db = Jdbc.fresh("replicas");
        Map<String, String> env = env(db, "100");
        try (PackagedApp first = PackagedApp.start(env);
                PackagedApp second = PackagedApp.start(env)) {
            db.safety(false);
            List<String> recipients = db.queuedEmails(150, "replica");
            awaitSettled(db, Duration.ofSeconds(90));
            long sent = db.count("select count(*) from message where status = 'sent'");
            long deferred = db.count("select count(*) from message where status = 'queued' and due_at > now()");
            // Each send is one audit line, the gate's decision, logged by the replica that claimed it.
            long byFirst =
                    first.output().lines().filter(l -> l.contains("gate.send")).count();
            long bySecond =
                    second.output().lines().filter(l -> l.contains("gate.send")).count();
            assertThat(sent).isEqualTo(100);
            assertThat(deferred).isEqualTo(50);
            assertThat(db.count(
                            "select used from send_counter where counter_key = ?",
                            "live:email:" + LocalDate.now(ZoneId.of("Asia/Kolkata"))))
                    .isEqualTo(100);
            assertThat(recipients)
                    .allSatisfy(
                            r -> assertThat(MailResource.receivedBy(r).size()).isLessThanOrEqualTo(1));
            assertThat(byFirst + bySecond).isEqualTo(100);
            summary("replicas: 150 due, cap 100: sent " + sent + " (" + byFirst + " + " + bySecond + "), deferred "
                    + deferred + ", duplicates 0");
        }
    }

    // killed mid-send and restarted, the app never sends anything twice; every message is sent,
    // held (outcome unknown) or still due.
    @Test
    void aReplicaKilledMidCampaignNeverSendsTwice() {
        Jdbc db = Jdbc.fresh("crash");
        Map<String, String> env = env(db, "1000");
        List<String> recipients = null;
        for (int kill = 1; kill <= 3; kill++) {
            PackagedApp app = PackagedApp.start(env);
            if (recipients == null) {
                db.safety(false);
                recipients = db.queuedEmails(400, "crash");
            }
            List<String> all = recipients;
            long target = 60L * kill;
            TestData.await(Duration.ofSeconds(60), "emails out", () -> received(all) >= target);
            app.kill();
        }
        try (PackagedApp last = PackagedApp.start(env)) {
            awaitSettled(db, Duration.ofSeconds(90));
        }
        Map<String, String> status = new HashMap<>();
        db.query("select recipient, status from message")
                .forEach(row -> status.put((String) row.get("recipient"), (String) row.get("status")));
        int sent = 0;
        int held = 0;
        int heldArrived = 0;
        for (String recipient : recipients) {
            int got = MailResource.receivedBy(recipient).size();
            String state = status.get(recipient);
            assertThat(got).as("emails to %s", recipient).isLessThanOrEqualTo(1);
            assertThat(state).as("state of the message to %s", recipient).isIn("sent", "held", "queued");
            if ("sent".equals(state)) {
                sent++;
                assertThat(got).as("a sent message arrived, to %s", recipient).isEqualTo(1);
            } else if ("queued".equals(state)) {
                assertThat(got)
                        .as("a queued message never left, to %s", recipient)
                        .isZero();
            } else {
                held++;
                heldArrived += got;
            }
        }
        assertThat(sent + held).isEqualTo(recipients.size());
        summary("crash: 3 SIGKILLs, " + recipients.size() + " messages: " + sent + " sent, " + held + " held ("
                + heldArrived + " of them had reached the SMTP server), duplicates 0, lost 0");
    }

    private static Map<String, String> env(Jdbc db, String cap) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("OUTREACH_OUTBOX_HELD_AFTER", "PT5S");
        env.put("OUTREACH_EMAIL_DAILY_CAP", cap);
        return env;
    }

    /** Figures for the test log (and the issue notes). */
    private static void summary(String line) {
        System.out.println("[figures] " + line);
    }

    private static long received(List<String> recipients) {
        return recipients.stream()
                .filter(r -> !MailResource.receivedBy(r).isEmpty())
                .count();
    }

    private static void awaitSettled(Jdbc db, Duration timeout) {
        TestData.await(timeout, "the outbox to settle", () -> db.count("""
                select count(*) from message
                where status = 'sending' or (status = 'queued' and due_at <= now())""") == 0);
    }
}
