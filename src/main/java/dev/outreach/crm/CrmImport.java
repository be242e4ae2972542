package dev.outreach.crm;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.InvalidInputException;
import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.NewLeads;
import dev.outreach.lead.NormalizedLead;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CRM's contacts that are none of our leads, made leads because the operator asked. Each
 * goes through the lead intake like any other lead (source {@code crm}, the record as its provenance),
 * is linked to its record so that later updates reach that record, and is verified before anyone
 * writes to it. The gate still decides who is contacted.
 */
@ApplicationScoped
public class CrmImport {

    static final int MAX = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Crms crms;
    private final CrmOffers offers;
    private final CrmLinks links;
    private final LeadIntake intake;
    private final NewLeads leads;
    private final LeadVerification verification;
    private final AuditLog audit;

    CrmImport(
            Pool pool,
            Crms crms,
            CrmOffers offers,
            CrmLinks links,
            LeadIntake intake,
            NewLeads leads,
            LeadVerification verification,
            AuditLog audit) {
        this.pool = pool;
        this.crms = crms;
        this.offers = offers;
        this.links = links;
        this.intake = intake;
        this.leads = leads;
        this.verification = verification;
        this.audit = audit;
    }

    /**
     * What an import did.
     *
     * @param created new leads
     * @param known contacts that were a lead of ours already (now linked to it)
     * @param refused contacts the intake refused, each with why; they stay offered
     */
    public record Imported(int created, int known, List<String> refused) {}

    /** Imports up to {@value #MAX} offered contacts of the CRM in use, on the calling (worker) thread. */
    public Imported importOffered(String actor) {
        CrmSystem system = crms.system();
        List<CrmOffers.Offer> waiting = offers.open(system, MAX).await().atMost(WAIT);
        int created = 0;
        int known = 0;
        List<String> refused = new ArrayList<>();
        for (CrmOffers.Offer offer : waiting) {
            NormalizedLead lead;
            try {
                lead = intake.check(input(offer)).lead();
            } catch (InvalidInputException e) {
                refused.add(system.label() + " " + offer.contactId() + ": "
                        + e.errors().get(0).field() + " " + e.errors().get(0).message());
                continue;
            }
            String url =
                    crms.active().map(crm -> crm.contactUrl(offer.contactId())).orElse(null);
            NewLeads.Stored stored = pool.withTransaction(conn -> leads.store(conn, lead, actor)
                            .call(s -> offers.imported(conn, offer, s.id(), actor))
                            .call(s -> links.linkImported(conn, s.id(), system, offer.contactId(), url))
                            .call(s -> audit.record(
                                    conn,
                                    AuditEntry.of(actor, "lead.imported_from_crm")
                                            .entity("lead", s.id())
                                            .lead(s.id())
                                            .detail("system", system.dbValue())
                                            .detail("record", offer.contactId())
                                            .detail("new", s.created()))))
                    .await()
                    .atMost(WAIT);
            if (stored.created()) {
                created++;
                verification.verify(stored.id(), actor).await().atMost(WAIT);
            } else {
                known++;
            }
        }
        return new Imported(created, known, refused);
    }

    /** The contact as a lead: the business's name (else the person's), its city, email and phone. */
    static LeadInput input(CrmOffers.Offer offer) {
        String business = offer.company() != null ? offer.company() : offer.name();
        return new LeadInput(
                "crm",
                business,
                offer.city(),
                null,
                null,
                offer.email(),
                offer.phone(),
                null,
                null,
                Map.of("crm", offer.system().dbValue(), "crmRecord", offer.contactId()),
                List.of("crm"),
                null);
    }
}
