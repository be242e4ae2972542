package dev.outreach.crm;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadVerification;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads the CRM back, like the mailbox: from a checkpoint, one replica at a time (a
 * PostgreSQL advisory lock held while reading), each page applied in one transaction with the new
 * checkpoint. A contact the CRM marks as not to be contacted becomes an opt-out of the lead's email
 * and phone (never deleted, audited with the CRM record); a customer or an open deal is remembered
 * for the gate's {@code crm_customer} rule, with the record as evidence. A contact is matched to our
 * leads by our lead id, by the record we linked, or by email or phone; one we do not know is not
 * imported, only offered ({@link CrmOffers}) until the operator asks ({@link CrmImport}). An email or phone changed in the CRM since its last reading (or different at the first
 * reading) becomes the lead's, audited and verified again; one changed only in Outreach is kept.
 */
@ApplicationScoped
public class CrmPull {

    private static final Logger LOG = Logger.getLogger(CrmPull.class);
    /** pg_try_advisory_xact_lock key: one reader of the CRM at a time across replicas. */
    static final long LOCK = 0x0C12_0001L;

    static final int PAGE = 100;
    private static final int MAX_PAGES = 50;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Crms crms;
    private final CrmLinks links;
    private final CrmSync sync;
    private final DoNotContact doNotContact;
    private final AuditLog audit;
    private final TimeSource clock;
    private final CrmTrouble trouble;
    private final CrmLeads crmLeads;
    private final LeadVerification verification;
    private final OutreachConfig config;
    private final CrmOffers offers;

    CrmPull(
            Pool pool,
            Crms crms,
            CrmLinks links,
            CrmSync sync,
            DoNotContact doNotContact,
            AuditLog audit,
            TimeSource clock,
            CrmTrouble trouble,
            CrmLeads crmLeads,
            LeadVerification verification,
            OutreachConfig config,
            CrmOffers offers) {
        this.offers = offers;
        this.trouble = trouble;
        this.crmLeads = crmLeads;
        this.verification = verification;
        this.config = config;
        this.pool = pool;
        this.crms = crms;
        this.links = links;
        this.sync = sync;
        this.doNotContact = doNotContact;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What one pull did.
     *
     * @param ran false when another replica was reading, or no CRM is set
     * @param contacts changed contacts read
     * @param matched of those, contacts that are leads of ours
     * @param optedOut leads opted out because the CRM says do not contact
     * @param excluded leads that are customers or have an open deal
     * @param problem why the pull stopped early, or null
     * @param updated leads whose email or phone the CRM changed
     */
    public record Summary(
            boolean ran, int contacts, int matched, int optedOut, int excluded, String problem, int updated) {

        Summary(boolean ran, int contacts, int matched, int optedOut, int excluded, String problem) {
            this(ran, contacts, matched, optedOut, excluded, problem, 0);
        }
    }

    @Leased(value = "crm-pull", seconds = 600)
    @Scheduled(
            identity = "crm-pull",
            every = "${outreach.crm.poll-every:300s}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (crms.active().isPresent()) {
            pullNow();
        }
    }

    /** Reads the CRM now, on the calling (worker) thread. */
    public Summary pullNow() {
        Optional<Crm> active = crms.active();
        if (active.isEmpty()) {
            return new Summary(false, 0, 0, 0, 0, "no CRM is set");
        }
        Crm crm = active.get();
        // The lock lives as long as a transaction on its own connection, not the session: through a
        // transaction-mode pooler (PgBouncer) a session lock would stay behind on a server connection.
        SqlConnection lockHolder = pool.getConnection().await().atMost(WAIT);
        try {
            io.vertx.mutiny.sqlclient.Transaction held =
                    lockHolder.begin().await().atMost(WAIT);
            try {
                boolean locked = lockHolder
                        .preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                        .execute(Tuple.of(LOCK))
                        .await()
                        .atMost(WAIT)
                        .iterator()
                        .next()
                        .getBoolean("locked");
                if (!locked) {
                    return new Summary(false, 0, 0, 0, 0, "another replica is reading the CRM");
                }
                return pull(crm);
            } finally {
                held.rollback().await().atMost(WAIT); // wrote nothing; ends the transaction and its lock
            }
        } finally {
            lockHolder.close().await().atMost(WAIT);
        }
    }

    private Summary pull(Crm crm) {
        Instant since = Optional.ofNullable(
                        sync.state(crm.system()).await().atMost(WAIT).pulledUntil())
                .orElse(Instant.EPOCH);
        int contacts = 0;
        int[] counts = new int[4];
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                List<Crm.CrmChange> changes = crm.changedSince(since, PAGE);
                if (changes.isEmpty()) {
                    sync.pulled(pool, crm.system(), since).await().atMost(WAIT);
                    break;
                }
                Instant until = changes.stream()
                        .map(Crm.CrmChange::modifiedAt)
                        .max(Instant::compareTo)
                        .orElse(since);
                java.util.Map<String, String> urls = new java.util.HashMap<>();
                changes.forEach(c -> urls.computeIfAbsent(c.contactId(), crm::contactUrl));
                List<Long> changed = new ArrayList<>();
                pool.withTransaction(conn -> apply(conn, crm.system(), changes, urls, counts, changed)
                                .call(() -> sync.pulled(conn, crm.system(), until)))
                        .await()
                        .atMost(WAIT);
                // Committed: the new email or phone is verified before anything is sent to it.
                for (long lead : changed) {
                    verification.verifyAgain(lead, "crm").await().atMost(WAIT);
                }
                contacts += changes.size();
                since = until;
                if (changes.size() < PAGE) {
                    break;
                }
            }
            return new Summary(true, contacts, counts[0], counts[1], counts[2], null, counts[3]);
        } catch (RuntimeException e) {
            String problem =
                    e instanceof CrmFailure ? e.getMessage() : crm.system().label() + ": " + e;
            LOG.warnf("The CRM could not be read back: %s", problem);
            if (e instanceof CrmFailure.TokenRefused) {
                trouble.tokenRefused(crm.system(), e.getMessage());
            }
            trouble.pullFailed(crm.system(), problem);
            return new Summary(true, contacts, counts[0], counts[1], counts[2], problem, counts[3]);
        }
    }

    private Uni<Void> apply(
            SqlClient conn,
            CrmSystem system,
            List<Crm.CrmChange> changes,
            java.util.Map<String, String> urls,
            int[] counts,
            List<Long> changed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Crm.CrmChange change : changes) {
            chain = chain.flatMap(x -> CrmLeads.of(conn, system, change)).flatMap(leads -> {
                if (leads.isEmpty()) {
                    // Not ours: offered for import when it could be a prospect; never imported by itself.
                    boolean prospect = !change.doNotContact()
                            && !change.customer()
                            && !change.openDeal()
                            && (change.email() != null || change.phone() != null);
                    return prospect
                            ? offers.offer(conn, system, change)
                            : offers.withdraw(conn, system, change.contactId());
                }
                Uni<Void> each = offers.withdraw(conn, system, change.contactId());
                for (CrmLeads.Lead lead : leads) {
                    counts[0]++;
                    each = each.flatMap(
                            x -> applyTo(conn, system, change, urls.get(change.contactId()), lead, counts, changed));
                }
                return each;
            });
        }
        return chain;
    }

    private Uni<Void> applyTo(
            SqlClient conn,
            CrmSystem system,
            Crm.CrmChange change,
            String url,
            CrmLeads.Lead lead,
            int[] counts,
            List<Long> changed) {
        Uni<Void> stood = links.stand(conn, lead.id(), system, change, url, clock.now())
                .flatMap(before -> lead.byRecord() && !change.doNotContact()
                        ? crmLeads.takeContacts(conn, system, change, lead, before, counts, changed)
                        : Uni.createFrom().voidItem());
        if (change.customer() || change.openDeal()) {
            counts[2]++;
        }
        Uni<Void> optedOut = Uni.createFrom().voidItem();
        Uni<Void> told;
        if (change.doNotContact()) {
            counts[1]++;
            Set<String> emails = new LinkedHashSet<>();
            if (lead.email() != null) {
                emails.add(lead.email());
            }
            if (change.email() != null) {
                emails.add(change.email().strip().toLowerCase(Locale.ROOT));
            }
            optedOut = Uni.createFrom().voidItem();
            for (String email : emails) {
                optedOut = optedOut.flatMap(x -> doNotContact.record(conn, email, null, change.named(system)));
            }
            if (lead.phone() != null) {
                optedOut = optedOut.flatMap(x -> doNotContact.record(conn, null, lead.phone(), change.named(system)));
            }
        }
        told = !(change.doNotContact() || change.customer() || change.openDeal())
                ? Uni.createFrom().voidItem()
                : audit.record(
                        conn,
                        AuditEntry.of("crm", "crm.pulled")
                                .entity("lead", lead.id())
                                .lead(lead.id())
                                .detail("system", system.dbValue())
                                .detail("record", change.contactId())
                                .detail("evidence", change.named(system))
                                .detail("doNotContact", change.doNotContact())
                                .detail("customer", change.customer())
                                .detail("openDeal", change.openDeal()));
        Uni<Void> out = optedOut;
        Uni<Void> audited = told;
        return stood.flatMap(x -> out).flatMap(x -> audited);
    }
}
