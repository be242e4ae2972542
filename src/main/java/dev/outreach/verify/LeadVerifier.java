package dev.outreach.verify;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.NotFoundException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.lead.LeadStatus;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.Leads;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a lead's email and phone and moves the lead to verified, needs_review or rejected
 * . Each channel is judged on its own: a lead with a personal email and a valid office phone
 * is verified for calls only.
 */
@ApplicationScoped
public class LeadVerifier implements LeadVerification {

    static final Duration CACHE_FOR = Duration.ofDays(30);
    /** A business domain that has a mail server. */
    static final double MX_CONFIDENCE = 0.85;

    private final Pool pool;
    private final Leads leads;
    private final VerificationResults results;
    private final EmailChecks emails;
    private final PhoneChecks phones;
    private final MailServers mailServers;
    private final ZeroBounce zeroBounce;
    private final PhoneLookup phoneLookup;
    private final OutreachConfig config;
    private final AuditLog audit;

    LeadVerifier(Pool pool, Leads leads, VerificationResults results, EmailChecks emails, PhoneChecks phones,
            MailServers mailServers, ZeroBounce zeroBounce, PhoneLookup phoneLookup, OutreachConfig config,
            AuditLog audit) {
        this.pool = pool;
        this.leads = leads;
        this.results = results;
        this.emails = emails;
        this.phones = phones;
        this.mailServers = mailServers;
        this.zeroBounce = zeroBounce;
        this.phoneLookup = phoneLookup;
        this.config = config;
        this.audit = audit;
    }

    /** The verdict on a lead, ready to store. */
    public record Outcome(LeadStatus status, String reason, boolean emailOk, boolean phoneOk, String lineType) {
    }

    @Override
    public Uni<LeadStatus> verify(long leadId, String actor) {
        return pool.preparedQuery("select email, phone, website from lead where id = $1").execute(Tuple.of(leadId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("lead", leadId);
                    }
                    Row row = rows.iterator().next();
                    String email = row.getString("email");
                    String phone = row.getString("phone");
                    Uni<PhoneVerdict> phoneCheck = phone == null ? Uni.createFrom().nullItem() : checkPhone(phone);
                    Uni<EmailVerdict> emailCheck = email == null ? Uni.createFrom().nullItem() : checkEmail(email);
                    return Uni.combine().all().unis(emailCheck, phoneCheck).asTuple().flatMap(checked -> {
                        EmailVerdict emailVerdict = checked.getItem1();
                        PhoneVerdict phoneVerdict = checked.getItem2();
                        Outcome outcome = decide(emailVerdict, phoneVerdict, config.verifier());
                        return pool.withTransaction(conn -> store(conn, leadId, emailVerdict, phoneVerdict, outcome,
                                actor));
                    });
                });
    }

    /** libphonenumber, then Twilio Lookup when it is switched on and answers. */
    Uni<PhoneVerdict> checkPhone(String phone) {
        PhoneVerdict local = phones.check(phone);
        if (!local.valid() || !phoneLookup.available()) {
            return Uni.createFrom().item(local);
        }
        return phoneLookup.check(phone).map(found -> found.orElse(local)).onFailure().recoverWithItem(local);
    }

    /** The lists first (no network), then the domain's mail server; a definite answer is kept 30 days. */
    Uni<EmailVerdict> checkEmail(String email) {
        EmailVerdict local = emails.check(email);
        if (!local.deliverable()) {
            return Uni.createFrom().item(local);
        }
        return cached(email).flatMap(cached -> cached != null ? Uni.createFrom().item(cached)
                : provider(email).flatMap(byProvider -> byProvider.isPresent() ? Uni.createFrom().item(byProvider.get())
                        : byMailServer(email, local)));
    }

    /** The provider's verdict when one is configured and answers; empty otherwise. */
    private Uni<Optional<EmailVerdict>> provider(String email) {
        if (!zeroBounce.available()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return zeroBounce.check(email).onFailure().recoverWithItem(Optional.empty());
    }

    private Uni<EmailVerdict> byMailServer(String email, EmailVerdict local) {
        return mailServers.lookUp(Contacts.emailDomain(email)).map(answer -> switch (answer) {
                    case RECEIVES_MAIL -> new EmailVerdict(email, true, local.business(),
                            local.business() ? MX_CONFIDENCE : local.confidence(), local.outcome(), local.reasons(),
                            "local+mx");
                    case NO_MAIL_SERVER -> new EmailVerdict(email, false, local.business(), 0.05, "undeliverable",
                            List.of(Contacts.emailDomain(email) + " has no mail server"), "local+mx");
                    case UNKNOWN -> local;
                });
    }

    /** A stored verdict from the mail-server check that has not expired yet, or null. */
    private Uni<EmailVerdict> cached(String email) {
        return pool.preparedQuery("""
                select outcome, confidence, details, provider from verification_result
                where kind = 'email' and value = $1 and expires_at > now() and provider <> 'local'
                order by checked_at desc limit 1""").execute(Tuple.of(email)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    JsonObject details = row.getJsonObject("details");
                    List<String> reasons = details.getJsonArray("reasons", new JsonArray()).stream()
                            .map(String::valueOf).toList();
                    return new EmailVerdict(email, details.getBoolean("deliverable", false),
                            details.getBoolean("isBusiness", false), row.getBigDecimal("confidence").doubleValue(),
                            row.getString("outcome"), reasons, row.getString("provider"));
                });
    }

    /** Pure decision from the two verdicts and the thresholds of. */
    public static Outcome decide(EmailVerdict email, PhoneVerdict phone, OutreachConfig.Verifier thresholds) {
        boolean emailOk = email != null && email.usable(thresholds.emailThreshold());
        boolean phoneOk = phone != null && phone.usable(thresholds.phoneThreshold());
        List<String> reasons = new ArrayList<>();
        if (email != null && !emailOk) {
            reasons.add("email: " + (email.reasons().isEmpty()
                    ? "confidence " + email.confidence() + " below " + thresholds.emailThreshold()
                    : String.join(", ", email.reasons())));
        }
        if (phone != null && !phoneOk) {
            reasons.add("phone: " + (phone.reasons().isEmpty()
                    ? "confidence " + phone.confidence() + " below " + thresholds.phoneThreshold()
                    : String.join(", ", phone.reasons())));
        }
        String lineType = phone == null ? null : phone.lineType();
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        if (emailOk || phoneOk) {
            return new Outcome(LeadStatus.VERIFIED, reason, emailOk, phoneOk, lineType);
        }
        if (email == null && phone == null) {
            return new Outcome(LeadStatus.NEEDS_REVIEW, "only a website is known: no email or phone to verify",
                    false, false, null);
        }
        boolean merelyUncertain = email != null && email.deliverable() && email.business()
                || phone != null && phone.valid();
        return new Outcome(merelyUncertain ? LeadStatus.NEEDS_REVIEW : LeadStatus.REJECTED, reason, false, false,
                lineType);
    }

    private Uni<LeadStatus> store(SqlClient conn, long leadId, EmailVerdict email, PhoneVerdict phone,
            Outcome outcome, String actor) {
        List<VerificationResults.Result> found = new ArrayList<>();
        if (email != null) {
            found.add(new VerificationResults.Result("email", email.email(), email.outcome(), email.confidence(),
                    new JsonObject(Map.of("deliverable", email.deliverable(), "isBusiness", email.business(),
                            "reasons", email.reasons())),
                    email.provider(), CACHE_FOR));
        }
        if (phone != null) {
            found.add(new VerificationResults.Result("phone", phone.phone(), phone.outcome(), phone.confidence(),
                    new JsonObject(Map.of("valid", phone.valid(), "lineType", phone.lineType(),
                            "isBusinessLine", phone.businessLine(), "reasons", phone.reasons())),
                    phone.provider(), CACHE_FOR));
        }
        Leads.Verified verified = new Leads.Verified(outcome.emailOk(), outcome.phoneOk(), outcome.lineType(),
                outcome.status(), outcome.reason());
        return results.record(conn, found).flatMap(ignored -> leads.recordVerification(conn, leadId, verified))
                .flatMap(now -> audit.record(conn, AuditEntry.of(actor, "lead.verified").entity("lead", leadId)
                        .lead(leadId).detail("result", outcome.status().dbValue()).detail("status", now.dbValue())
                        .detail("emailOk", outcome.emailOk()).detail("phoneOk", outcome.phoneOk())
                        .detail("reason", outcome.reason()))
                        .replaceWith(now));
    }
}
