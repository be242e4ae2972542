package dev.outreach.lead;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator does to a lead: adds one, accepts or rejects one in review, corrects its
 * details.
 * Each change names the version it was made on, so a stale page cannot undo a newer change, and is
 * audited in the same transaction. A corrected email or phone is verified again at once.
 */
@ApplicationScoped
public class LeadEditor {

    private final Pool pool;
    private final Leads leads;
    private final NewLeads newLeads;
    private final LeadIntake intake;
    private final LeadQueries queries;
    private final LeadVerification verification;
    private final AuditLog audit;

    LeadEditor(
            Pool pool,
            Leads leads,
            NewLeads newLeads,
            LeadIntake intake,
            LeadQueries queries,
            LeadVerification verification,
            AuditLog audit) {
        this.pool = pool;
        this.leads = leads;
        this.newLeads = newLeads;
        this.intake = intake;
        this.queries = queries;
        this.verification = verification;
        this.audit = audit;
    }

    /**
     * A new lead, checked (every bad field named), stored and verified at once; the same business
     * found again is answered with the existing lead and {@code duplicate}.
     */
    public Uni<LeadCreated> add(LeadInput input, String actor) {
        LeadIntake.Accepted accepted = intake.check(input);
        return newLeads.store(accepted.lead(), actor)
                .call(stored -> stored.created()
                        ? verification.verify(stored.id(), actor)
                        : Uni.createFrom().voidItem())
                .flatMap(stored -> queries.find(stored.id())
                        .map(lead -> new LeadCreated(lead, !stored.created(), accepted.warnings())));
    }

    /** The lead's contacts count as verified, on the operator's word. */
    public Uni<LeadView> accept(long id, Integer version, String actor) {
        int at = required(version);
        return queries.find(id)
                .flatMap(before -> {
                    if (before.status() != LeadStatus.NEEDS_REVIEW) {
                        throw new ConflictException(
                                "status", "the lead is " + before.status().dbValue() + ", not waiting for review");
                    }
                    if (before.email() == null && before.phone() == null) {
                        throw new ConflictException(
                                "email",
                                "the lead has only a website: add its email or phone " + "(Edit) before accepting it");
                    }
                    return pool.withTransaction(conn -> leads.acceptReview(conn, id, at, actor)
                            .flatMap(done -> {
                                if (!done) {
                                    throw stale(id, at);
                                }
                                return audit.record(
                                        conn,
                                        AuditEntry.of(actor, "lead.review_accepted")
                                                .entity("lead", id)
                                                .lead(id)
                                                .detail("was", before.statusReason()));
                            }));
                })
                .flatMap(x -> queries.find(id));
    }

    /** The lead is not to be contacted; the reason is kept with it. */
    public Uni<LeadView> reject(long id, Integer version, String reason, String actor) {
        int at = required(version);
        String why = reason == null || reason.isBlank()
                ? "rejected in review by " + actor
                : "rejected in review by " + actor + ": " + reason.strip();
        if (why.length() > 500) {
            throw new InvalidInputException("reason", "must be at most 400 characters");
        }
        return queries.find(id)
                .flatMap(before -> {
                    if (before.status() != LeadStatus.NEEDS_REVIEW) {
                        throw new ConflictException(
                                "status", "the lead is " + before.status().dbValue() + ", not waiting for review");
                    }
                    return pool.withTransaction(conn -> leads.rejectReview(conn, id, at, why)
                            .flatMap(done -> {
                                if (!done) {
                                    throw stale(id, at);
                                }
                                return audit.record(
                                        conn,
                                        AuditEntry.of(actor, "lead.review_rejected")
                                                .entity("lead", id)
                                                .lead(id)
                                                .detail("reason", why));
                            }));
                })
                .flatMap(x -> queries.find(id));
    }

    /**
     * New details for the lead, checked as a new lead's are (every bad field named). A changed email
     * or phone is verified again before this answers.
     */
    public Uni<LeadCreated> edit(long id, Integer version, LeadInput input, String actor) {
        int at = required(version);
        LeadIntake.Accepted accepted = intake.check(input);
        return queries.find(id)
                .flatMap(before -> pool.withTransaction(conn -> leads.edit(conn, id, at, accepted.lead())
                                .flatMap(edited -> {
                                    if (!edited.found()) {
                                        throw stale(id, at);
                                    }
                                    return audit.record(
                                                    conn,
                                                    AuditEntry.of(actor, "lead.edited")
                                                            .entity("lead", id)
                                                            .lead(id)
                                                            .detail("changed", changes(before, accepted.lead())))
                                            .replaceWith(edited);
                                }))
                        .onFailure(PgException.class)
                        .transform(e -> sameBusiness((PgException) e))
                        .flatMap(edited -> edited.contactsChanged()
                                ? verification.verifyAgain(id, actor).replaceWithVoid()
                                : Uni.createFrom().voidItem()))
                .flatMap(x -> queries.find(id))
                .map(lead -> new LeadCreated(lead, false, accepted.warnings()));
    }

    private static List<String> changes(LeadView before, NormalizedLead after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "businessName", before.businessName(), after.businessName());
        compare(changed, "city", before.city(), after.city());
        compare(changed, "category", before.category(), after.category());
        compare(changed, "website", before.website(), after.website());
        compare(changed, "email", before.email(), after.email());
        compare(changed, "phone", before.phone(), after.phone());
        compare(changed, "country", before.country(), after.country());
        compare(changed, "timezone", before.timezone(), after.timezone());
        compare(changed, "language", before.language(), after.language());
        if (!before.tags().equals(after.tags())) {
            changed.add("tags");
        }
        return changed;
    }

    private static void compare(List<String> changed, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static int required(Integer version) {
        if (version == null) {
            throw new InvalidInputException("version", "is required: the version of the lead you are changing");
        }
        return version;
    }

    private ConflictException stale(long id, int version) {
        return new ConflictException(
                "version",
                "lead " + id + " changed since version " + version
                        + " was loaded: reload it and make the change again");
    }

    private static Throwable sameBusiness(PgException e) {
        if ("23505".equals(e.getSqlState())) {
            return new ConflictException(
                    "businessName",
                    "another lead is already this business (same name and "
                            + "website or phone): edit that one instead");
        }
        return e;
    }
}
