package dev.outreach.support;

import io.vertx.mutiny.sqlclient.Pool;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Rows for tests that need data in place without going through the API (e.g. under {@code @TestSecurity}). */
public final class Seed {

    private Seed() {}

    /** A lead waiting for verification, with an email or a phone (or both); returns its id. */
    public static long newLead(Pool pool, String businessName, String email, String phone) {
        // Taken for verification by the test itself, so the background verifier leaves it alone.
        return TestData.rows(pool, """
                insert into lead (source, business_name, name_key, email, phone, verifying_until)
                values ('api', $1, lower($1), $2, $3, now() + interval '10 minutes')
                returning id""", businessName, email, phone).get(0).getLong("id");
    }

    /** A verified lead with a verified email; returns its id. */
    public static long verifiedLead(Pool pool, String businessName, String city, String email) {
        return TestData.rows(pool, """
                insert into lead (source, business_name, name_key, city, email, status, email_verified)
                values ('api', $1, lower($1), $2, $3, 'verified', true)
                returning id""", businessName, city, email).get(0).getLong("id");
    }

    /** A verified lead with a verified phone, in a time zone where it is now afternoon (inside any window). */
    public static long callableLead(Pool pool, String businessName, String phone) {
        return TestData.rows(pool, """
                insert into lead (source, business_name, name_key, phone, country, timezone, status, phone_verified)
                values ('api', $1, lower($1), $2, 'IN', $3, 'verified', true)
                returning id""", businessName, phone, afternoonZone())
                .get(0)
                .getLong("id");
    }

    /** A WhatsApp opt-in for the number (a consent record) and a message it sent us just now. */
    public static void whatsAppConversation(Pool pool, long leadId, String phone) {
        TestData.exec(pool, """
                insert into consent (contact_type, contact_value, channels, basis, evidence, captured_at, recorded_by)
                values ('phone', $1, '{whatsapp}', 'express', 'opted in on our WhatsApp button', now(), 'test')""", phone);
        TestData.exec(pool, """
                insert into reply (lead_id, channel, from_contact, body, intent, classified_by)
                values ($1, 'whatsapp', $2, 'Hi, what do you offer?', 'interested', 'test')""", leadId, phone);
    }

    /** A fixed-offset zone whose local time is now between 12:00 and 15:59. */
    public static String afternoonZone() {
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        int offset = 13 - utcHour;
        if (offset < -12) {
            offset += 24;
        }
        if (offset > 14) {
            offset -= 24;
        }
        return ZoneOffset.ofHours(offset).getId();
    }

    /** An approved message on any channel, due now; returns its id. */
    public static UUID queued(Pool pool, long leadId, String channel, String recipient, String body) {
        return queued(pool, leadId, channel, recipient, body, "0 seconds");
    }

    /** A queued message first due after {@code interval}, in one statement (see {@link #queuedEmail}). */
    public static UUID queued(Pool pool, long leadId, String channel, String recipient, String body, String interval) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, body, method, due_at)
                values ($1, $2, $3, 'queued', false, $4, $5, 'template', now() + $6::text::interval)""", messageId, leadId, channel, recipient, body, interval);
        return messageId;
    }

    /** An approved email due now; returns the message id. */
    public static UUID queuedEmail(Pool pool, long leadId, String email, boolean dryRun) {
        return queuedEmail(pool, leadId, email, dryRun, "0 seconds");
    }

    /**
     * A queued email first due after {@code interval} (a PostgreSQL interval, "1 day"), inserted
     * in one statement: a message inserted due now and moved later races the dispatcher, which
     * may send it in between (seen on a slower CI machine: Property 11 found "dry_run").
     */
    public static UUID queuedEmail(Pool pool, long leadId, String email, boolean dryRun, String interval) {
        return queuedEmail(pool, leadId, email, dryRun, interval, "Hello", "Hello team.");
    }

    /** A live queued email due now with this subject and body, in one statement. */
    public static UUID queuedEmail(Pool pool, long leadId, String email, String subject, String body) {
        return queuedEmail(pool, leadId, email, false, "0 seconds", subject, body);
    }

    /** A queued email with everything chosen, in one statement. */
    public static UUID queuedEmail(
            Pool pool, long leadId, String email, boolean dryRun, String interval, String subject, String body) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, due_at)
                values ($1, $2, 'email', 'queued', $3, $4, split_part($4, '@', 2), $6, $7, 'template',
                        now() + $5::text::interval)""", messageId, leadId, dryRun, email, interval, subject, body);
        return messageId;
    }

    /**
     * An email of a campaign run already in {@code status} (inserted so: only the stores move a
     * message, along the transitions the database allows), due tomorrow; returns its id.
     */
    public static UUID campaignEmail(Pool pool, long leadId, String email, Long campaignId, String status) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, campaign_id, channel, status, dry_run, recipient, recipient_domain,
                                     subject, body, method, due_at)
                values ($1, $2, $3, 'email', $4, false, $5, split_part($5, '@', 2), 'Hello', 'Hello team.', 'template',
                        now() + interval '1 day')""", messageId, leadId, campaignId, status, email);
        return messageId;
    }

    /** An email sent to the lead (status sent, now); returns its RFC Message-ID. */
    public static String sentEmail(Pool pool, long leadId, UUID messageId, String email) {
        String rfcId = "<" + messageId + "@acme-studio.example>";
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, rfc_message_id, sent_at)
                values ($1, $2, 'email', 'sent', false, $3, split_part($3, '@', 2), 'A website idea', 'Hello',
                        'template', $4, now())""", messageId, leadId, email, rfcId);
        return rfcId;
    }

    /** A drafted email waiting for review; returns the approval id. */
    public static long pendingApproval(Pool pool, long leadId, String email, String subject, String body) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method)
                values ($1, $2, 'email', 'pending_approval', false, $3, split_part($3, '@', 2), $4, $5, 'template')""", messageId, leadId, email, subject, body);
        return TestData.rows(pool, """
                insert into approval (message_id, expires_at) values ($1, now() + interval '7 days') returning id""", messageId).get(0).getLong("id");
    }

    /**
     * An email already sent through a provider: its RFC Message-ID is {@code <id@acme-studio.example>}
     * and the provider's reference {@code sg-} plus the id's first block. Returns the message id.
     */
    public static UUID sentEmail(Pool pool, long leadId, String email) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, rfc_message_id, provider_ref, sent_at, attempts)
                values ($1, $2, 'email', 'sent', false, $3, split_part($3, '@', 2), 'A website for you', 'Hello team.',
                        'template', $4, $5, now(), 1)""", messageId, leadId, email, rfcMessageId(messageId), providerRef(messageId));
        return messageId;
    }

    /** An email whose outcome is unknown: held for an operator. Returns the message id. */
    /**
     * Live email history for the reputation watch: {@code n} emails claimed and sent now, the first
     * {@code bounces} hard-bounced, the next {@code complaints} delivered and marked as spam, the rest delivered.
     */
    public static void liveEmailHistory(Pool pool, long leadId, int n, int complaints, int bounces) {
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, body, method,
                                     claimed_at, sent_at, delivered_at, complained_at)
                select gen_random_uuid(), $1, 'email', case when i <= $4 then 'bounced' else 'delivered' end, false,
                       'r' || i || '@history.example', 'history.example', 'Hello', 'template', now(), now(),
                       case when i <= $4 then null else now() end,
                       case when i > $4 and i <= $4 + $3 then now() end
                from generate_series(1, $2) i""", leadId, n, complaints, bounces);
    }

    public static UUID heldEmail(Pool pool, long leadId, String email) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, rfc_message_id, claimed_at, attempts, last_error)
                values ($1, $2, 'email', 'held', false, $3, split_part($3, '@', 2), 'A website for you', 'Hello team.',
                        'template', $4, now(), 1, 'outcome unknown: the SMTP server did not answer')""", messageId, leadId, email, rfcMessageId(messageId));
        return messageId;
    }

    public static String rfcMessageId(UUID messageId) {
        return "<" + messageId + "@acme-studio.example>";
    }

    public static String providerRef(UUID messageId) {
        return "sg-" + messageId.toString().substring(0, 8);
    }

    /** A text already sent to {@code phone}; returns the message id. */
    public static UUID sentText(Pool pool, long leadId, String channel, String phone) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(
                pool,
                """
                insert into message (id, lead_id, channel, status, dry_run, recipient, body, method, provider_ref, sent_at,
                                     attempts)
                values ($1, $2, $3, 'sent', false, $4, 'Hello from Acme. Reply STOP to opt out.', 'template', $5, now(), 1)""",
                messageId,
                leadId,
                channel,
                phone,
                "SM" + messageId.toString().replace("-", ""));
        return messageId;
    }

    /** A later sequence step still waiting in the queue, to see it cancelled. */
    public static UUID laterStep(Pool pool, long leadId, String email) {
        UUID messageId = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, due_at, sequence_step)
                values ($1, $2, 'email', 'queued', false, $3, split_part($3, '@', 2), 'Following up', 'Hello again.',
                        'template', now() + interval '7 days', 3)""", messageId, leadId, email);
        return messageId;
    }

    /**
     * Live with approval off (as an admin sets it), and a live email campaign run for one new verified lead
     * whose draft waits to be scored (spamd is configured: issue 29). Returns the draft's approval id.
     */
    public static long liveDraftWithApprovalOff(Pool pool, String businessName, String email) {
        Api.asAdmin()
                .body(java.util.Map.of("dryRun", false, "approvalMode", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200);
        long lead = verifiedLead(pool, businessName, "Pune", email);
        Api.asAdmin()
                .body(java.util.Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        String waiting = """
                select a.id from approval a join message m on m.id = a.message_id
                where m.lead_id = $1 and a.approve_when_scored""";
        TestData.await(
                java.time.Duration.ofSeconds(30),
                "the draft waiting for its score",
                () -> !TestData.rows(pool, waiting, lead).isEmpty());
        return TestData.rows(pool, waiting, lead).get(0).getLong("id");
    }
}
