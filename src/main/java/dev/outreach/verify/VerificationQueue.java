package dev.outreach.verify;

import dev.outreach.alert.Alerts;
import dev.outreach.common.EveryReplica;
import dev.outreach.lead.LeadVerifications;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Verifies leads that arrived in bulk (imports) in the background: claims batches of
 * {@code new} leads for two minutes ({@code SKIP LOCKED}, so replicas share the work and a crashed
 * verifier's leads come back), verifies up to 16 at a time, and goes on until none is left. Runs
 * when an import asks and every 5 seconds.
 */
@ApplicationScoped
public class VerificationQueue {

    static final int BATCH = 200;
    static final int CONCURRENCY = 16;
    static final String ACTOR = "verifier";
    private static final Logger LOG = Logger.getLogger(VerificationQueue.class);

    private final LeadVerifications leads;
    private final LeadVerifier verifier;

    private final Alerts alerts;

    VerificationQueue(LeadVerifications leads, LeadVerifier verifier, Alerts alerts) {
        this.alerts = alerts;
        this.leads = leads;
        this.verifier = verifier;
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    @EveryReplica("claims leads with FOR UPDATE SKIP LOCKED")
    @Scheduled(
            identity = "lead-verification",
            every = "5s",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        kick();
    }

    /** Starts draining the queue, or asks the running drain to look again when it ends. */
    public void kick() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        drain().subscribe().with(x -> finished(), failure -> {
            LOG.warn("Lead verification stopped; it resumes on its next run", failure);
            finished();
        });
    }

    private void finished() {
        running.set(false);
        if (again.getAndSet(false)) {
            kick();
        }
    }

    Uni<Void> drain() {
        return Multi.createBy()
                .repeating()
                .uni(this::claim)
                .whilst(ids -> !ids.isEmpty())
                .onItem()
                .transformToIterable(ids -> ids)
                .onItem()
                .transformToUni(id -> verifier.verify(id, ACTOR)
                        // Fails safe: the lead stays unverified, so nobody contacts it, and is tried again.
                        // Said, so that leads that never get verified do not go unnoticed.
                        .onFailure()
                        .invoke(e -> LOG.warnf("Lead %d could not be verified now: %s", id, e.getMessage()))
                        .onFailure()
                        .call(e -> alerts.raise(
                                        "failing",
                                        "failing:verification",
                                        "Leads not verified",
                                        "A lead could not be verified (" + e.getMessage()
                                                + "). It is not contacted until it "
                                                + "is; verification is tried again.")
                                .onFailure()
                                .recoverWithUni(x -> alerts.raiseWithoutDatabase(
                                        "failing:verification",
                                        "Leads not verified",
                                        "A lead could not be verified: " + e.getMessage())))
                        .onFailure()
                        .recoverWithNull())
                .merge(CONCURRENCY)
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<List<Long>> claim() {
        return leads.claimForVerification(BATCH);
    }
}
