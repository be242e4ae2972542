package dev.outreach.source;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.EveryReplica;
import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.LeadVerifications;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * for every source: a lead with a website and no email (an API or CSV lead, or one added in
 * the console) gets the address its website publishes, found in the background by
 * {@link ContactEmails} (robots.txt and per-host delays as for directories), and is verified again
 * with it. Each website is searched once; a lead still without an email stays where verification put
 * it (usually the review queue).
 */
@ApplicationScoped
public class ContactDiscovery {

    static final String ACTOR = "contact-discovery";
    static final int BATCH = 10;
    private static final Logger LOG = Logger.getLogger(ContactDiscovery.class);

    private final Pool pool;
    private final LeadVerifications leads;
    private final ContactEmails emails;
    private final LeadVerification verification;
    private final AuditLog audit;
    private final OutreachConfig config;

    ContactDiscovery(
            Pool pool,
            LeadVerifications leads,
            ContactEmails emails,
            LeadVerification verification,
            AuditLog audit,
            OutreachConfig config) {
        this.pool = pool;
        this.leads = leads;
        this.emails = emails;
        this.verification = verification;
        this.audit = audit;
        this.config = config;
    }

    @EveryReplica("claims leads with FOR UPDATE SKIP LOCKED")
    @Scheduled(
            identity = "contact-discovery",
            every = "30s",
            delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.crawler().discoverContacts()) {
            return Uni.createFrom().voidItem();
        }
        return searchSome()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf("Contact discovery: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** Searches the websites of up to {@value #BATCH} leads, one after another; returns how many got an email. */
    public Uni<Integer> searchSome() {
        return leads.claimForContactSearch(BATCH)
                .flatMap(found -> Multi.createFrom()
                        .iterable(found)
                        .onItem()
                        .transformToUniAndConcatenate(this::search)
                        .collect()
                        .asList()
                        .map(results -> (int)
                                results.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> search(LeadVerifications.WebsiteOnly lead) {
        return emails.find(lead.website())
                .flatMap(email -> {
                    if (email.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    return pool.withTransaction(conn -> leads.emailFound(conn, lead.id(), email.get())
                                    .call(stored -> !stored
                                            ? Uni.createFrom().voidItem()
                                            : audit.record(
                                                    conn,
                                                    AuditEntry.of(ACTOR, "lead.email_found")
                                                            .entity("lead", lead.id())
                                                            .lead(lead.id())
                                                            .detail("email", email.get())
                                                            .detail("website", lead.website()))))
                            .call(stored -> stored
                                    ? verification.verify(lead.id(), ACTOR)
                                    : Uni.createFrom().voidItem());
                })
                .onFailure()
                .recoverWithItem(false);
    }
}
