package dev.outreach.verify;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.NotFoundException;
import dev.outreach.config.LeadsConfig;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.lead.LeadStatus;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.LeadVerifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a lead's email and phone and moves the lead to verified, needs_review or rejected
 * . Each channel is judged on its own: a lead with a personal email and a valid office phone
 * is verified for calls only.
 */
@ApplicationScoped
public class LeadVerifier implements LeadVerification {

    /** A business domain that has a mail server. */
    static final double MX_CONFIDENCE = 0.85;

    private final Pool pool;
    private final LeadVerifications leads;
    private final VerificationResults results;
    private final RememberedVerdicts remembered;
    private final EmailChecks emails;
    private final PhoneChecks phones;
    private final MailServers mailServers;
    private final ZeroBounce zeroBounce;
    private final PhoneLookup phoneLookup;
    private final OutreachConfig config;
    private final AuditLog audit;

    LeadVerifier(
            Pool pool,
            LeadVerifications leads,
            VerificationResults results,
            RememberedVerdicts remembered,
            EmailChecks emails,
            PhoneChecks phones,
            MailServers mailServers,
            ZeroBounce zeroBounce,
            PhoneLookup phoneLookup,
            OutreachConfig config,
            AuditLog audit) {
        this.pool = pool;
        this.leads = leads;
        this.results = results;
        this.remembered = remembered;
        this.emails = emails;
        this.phones = phones;
        this.mailServers = mailServers;
        this.zeroBounce = zeroBounce;
        this.phoneLookup = phoneLookup;
        this.config = config;
        this.audit = audit;
    }

    /** The verdict on a lead, ready to store. */
    public record Outcome(LeadStatus status, String reason, boolean emailOk, boolean phoneOk, String lineType) {}

    @Override
    public Uni<LeadStatus> verify(long leadId, String actor) {
        return verify(leadId, actor, true);
    }

    @Override
    public Uni<LeadStatus> verifyAgain(long leadId, String actor) {
        return verify(leadId, actor, false);
    }

    private Uni<LeadStatus> verify(long leadId, String actor, boolean reuse) {
        return pool.preparedQuery("select email, phone, website from lead where id = $1")
                .execute(Tuple.of(leadId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("lead", leadId);
                    }
                    Row row = rows.iterator().next();
                    String email = row.getString("email");
                    String phone = row.getString("phone");
                    Uni<PhoneVerdict> phoneCheck =
                            phone == null ? Uni.createFrom().nullItem() : checkPhone(phone, reuse);
                    Uni<EmailVerdict> emailCheck =
                            email == null ? Uni.createFrom().nullItem() : checkEmail(email, reuse);
                    return Uni.combine()
                            .all()
                            .unis(emailCheck, phoneCheck)
                            .asTuple()
                            .flatMap(checked -> {
                                EmailVerdict emailVerdict = checked.getItem1();
                                PhoneVerdict phoneVerdict = checked.getItem2();
                                Outcome outcome =
                                        decide(emailVerdict, phoneVerdict, config.verifier(), config.freeMail());
                                return pool.withTransaction(
                                        conn -> store(conn, leadId, emailVerdict, phoneVerdict, outcome, actor));
                            });
                });
    }

    /**
     * libphonenumber, then Twilio Lookup when it is switched on and answers. Lookup is billed per
     * number, so its stored answer is read first.
     */
    Uni<PhoneVerdict> checkPhone(String phone, boolean reuse) {
        PhoneVerdict local = phones.check(phone);
        if (!local.valid() || !phoneLookup.available()) {
            return Uni.createFrom().item(local);
        }
        Uni<PhoneVerdict> known =
                reuse ? remembered.phone(phone) : Uni.createFrom().nullItem();
        return known.flatMap(cached -> cached != null
                ? Uni.createFrom().item(cached)
                : phoneLookup
                        .check(phone)
                        .map(found -> found.orElse(local))
                        .onFailure()
                        .recoverWithItem(local));
    }

    /**
     * The lists first (no network), then the domain's mail server; a definite answer is kept 30 days,
     * a missing mail server one day. {@code reuse = false} asks again whatever is remembered.
     */
    Uni<EmailVerdict> checkEmail(String email, boolean reuse) {
        EmailVerdict local = emails.check(email);
        if (!local.deliverable()) {
            return Uni.createFrom().item(local);
        }
        Uni<EmailVerdict> known =
                reuse ? remembered.email(email) : Uni.createFrom().nullItem();
        return known.flatMap(cached -> cached != null
                ? Uni.createFrom().item(cached)
                : provider(email)
                        .flatMap(byProvider -> byProvider.isPresent()
                                ? Uni.createFrom().item(byProvider.get())
                                : byMailServer(email, local)));
    }

    Uni<EmailVerdict> checkEmail(String email) {
        return checkEmail(email, true);
    }

    Uni<PhoneVerdict> checkPhone(String phone) {
        return checkPhone(phone, true);
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
            case RECEIVES_MAIL ->
                new EmailVerdict(
                        email,
                        true,
                        local.business(),
                        local.business() ? MX_CONFIDENCE : local.confidence(),
                        local.outcome(),
                        local.reasons(),
                        "local+mx");
            case NO_MAIL_SERVER ->
                new EmailVerdict(
                        email,
                        false,
                        local.business(),
                        0.05,
                        "undeliverable",
                        List.of(Contacts.emailDomain(email) + " has no mail server"),
                        "local+mx");
            case UNKNOWN -> local;
        });
    }

    /** {@link #decide(EmailVerdict, PhoneVerdict, LeadsConfig.Verifier, LeadsConfig.FreeMail)} with free-mail sent to review. */
    public static Outcome decide(EmailVerdict email, PhoneVerdict phone, LeadsConfig.Verifier thresholds) {
        return decide(email, phone, thresholds, LeadsConfig.FreeMail.REVIEW);
    }

    /**
     * Pure decision from the two verdicts and the thresholds of. A personal free-mail address
     * is never verified by itself: with {@code review} the lead waits for the operator, who
     * knows whether it is the business's own address.
     */
    public static Outcome decide(
            EmailVerdict email, PhoneVerdict phone, LeadsConfig.Verifier thresholds, LeadsConfig.FreeMail freeMail) {
        boolean emailOk = email != null && email.usable(thresholds.emailThreshold());
        boolean phoneOk = phone != null && phone.usable(thresholds.phoneThreshold());
        List<String> reasons = new ArrayList<>();
        if (email != null && !emailOk) {
            reasons.add("email: "
                    + (email.reasons().isEmpty()
                            ? "confidence " + email.confidence() + " below " + thresholds.emailThreshold()
                            : String.join(", ", email.reasons())));
        }
        if (phone != null && !phoneOk) {
            reasons.add("phone: "
                    + (phone.reasons().isEmpty()
                            ? "confidence " + phone.confidence() + " below " + thresholds.phoneThreshold()
                            : String.join(", ", phone.reasons())));
        }
        String lineType = phone == null ? null : phone.lineType();
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        if (emailOk || phoneOk) {
            return new Outcome(LeadStatus.VERIFIED, reason, emailOk, phoneOk, lineType);
        }
        if (email == null && phone == null) {
            return new Outcome(
                    LeadStatus.NEEDS_REVIEW,
                    "only a website is known: no email or phone to verify",
                    false,
                    false,
                    null);
        }
        boolean freeMailToReview =
                email != null && email.deliverable() && !email.business() && freeMail == LeadsConfig.FreeMail.REVIEW;
        boolean merelyUncertain = email != null && email.deliverable() && email.business()
                || freeMailToReview
                || phone != null && phone.valid();
        return new Outcome(
                merelyUncertain ? LeadStatus.NEEDS_REVIEW : LeadStatus.REJECTED, reason, false, false, lineType);
    }

    private Uni<LeadStatus> store(
            SqlClient conn, long leadId, EmailVerdict email, PhoneVerdict phone, Outcome outcome, String actor) {
        List<VerificationResults.Result> found = new ArrayList<>();
        if (email != null) {
            found.add(RememberedVerdicts.toKeep(email));
        }
        if (phone != null) {
            found.add(RememberedVerdicts.toKeep(phone));
        }
        LeadVerifications.Verified verified = new LeadVerifications.Verified(
                outcome.emailOk(), outcome.phoneOk(), outcome.lineType(), outcome.status(), outcome.reason());
        return results.record(conn, found)
                .flatMap(ignored -> leads.recordVerification(conn, leadId, verified))
                .flatMap(now -> audit.record(
                                conn,
                                AuditEntry.of(actor, "lead.verified")
                                        .entity("lead", leadId)
                                        .lead(leadId)
                                        .detail("result", outcome.status().dbValue())
                                        .detail("status", now.dbValue())
                                        .detail("emailOk", outcome.emailOk())
                                        .detail("phoneOk", outcome.phoneOk())
                                        .detail("reason", outcome.reason()))
                        .replaceWith(now));
    }
}
