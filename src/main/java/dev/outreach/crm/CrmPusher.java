package dev.outreach.crm;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.RateLimitException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Drains the CRM push queue on a worker thread: for each claimed push the lead's contact is
 * made once (then addressed by its stored id), then the event's note, and a deal when a meeting is
 * booked. A busy CRM is tried again with exponential back-off and jitter (5 s × 4ⁿ, at most 30
 * minutes); a {@code 429} pauses every push until its {@code Retry-After}; a refused token pauses
 * them all and tells the owner; a push the CRM refuses for good, or one that failed 8 times, is held
 * for the operator — never dropped, never made twice (a retry looks for what an earlier attempt made).
 * A batch that went through whole means the CRM answers again: what was backing off is due at once,
 * so an outage's backlog drains at the rate limiter's pace.
 */
@ApplicationScoped
public class CrmPusher {

    private static final Logger LOG = Logger.getLogger(CrmPusher.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Crms crms;
    private final CrmPushes pushes;
    private final CrmLinks links;
    private final CrmNotes notes;
    private final CrmSync sync;
    private final CrmConfig config;
    private final AuditLog audit;
    private final CrmTrouble trouble;
    private final TimeSource clock;
    private final String instance;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);

    CrmPusher(
            Crms crms,
            CrmPushes pushes,
            CrmLinks links,
            CrmNotes notes,
            CrmSync sync,
            CrmConfig config,
            AuditLog audit,
            CrmTrouble trouble,
            TimeSource clock,
            OutreachConfig outreach) {
        this.crms = crms;
        this.pushes = pushes;
        this.links = links;
        this.notes = notes;
        this.sync = sync;
        this.config = config;
        this.audit = audit;
        this.trouble = trouble;
        this.clock = clock;
        this.instance = outreach.instanceId();
    }

    /** What one drain did. */
    public record Drained(int done, int later, int held) {}

    @EveryReplica("claims the oldest open push of each lead with FOR UPDATE SKIP LOCKED")
    @Scheduled(
            identity = "crm-push",
            every = "${outreach.crm.push-every:2s}",
            delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Optional<Crm> crm = crms.active();
        if (crm.isEmpty() || clock.now().isBefore(pausedUntil.get())) {
            return;
        }
        try {
            Drained drained;
            do {
                drained = drain(crm.get());
            } while (drained.done() == BATCH && !clock.now().isBefore(pausedUntil.get()));
        } catch (RuntimeException e) {
            LOG.warnf("CRM pushes could not be drained: %s", e.toString());
        }
    }

    /** Claims and pushes one batch, on the calling (worker) thread. */
    public Drained drain(Crm crm) {
        List<CrmPushes.Claimed> batch = pushes.claim(BATCH, instance).await().atMost(WAIT);
        int done = 0;
        int later = 0;
        int held = 0;
        for (int i = 0; i < batch.size(); i++) {
            CrmPushes.Claimed push = batch.get(i);
            try {
                pushes.done(push.id(), push(crm, push)).await().atMost(WAIT);
                done++;
            } catch (CrmFailure.TokenRefused e) {
                trouble.tokenRefused(crm.system(), e.getMessage());
                later += giveBack(
                        batch.subList(i, batch.size()), clock.now().plus(Duration.ofMinutes(10)), e.getMessage());
                return new Drained(done, later, held);
            } catch (CrmFailure.Busy e) {
                if (e.retryAfter() != null) {
                    Instant until = clock.now().plus(e.retryAfter());
                    pausedUntil.set(until);
                    later += giveBack(batch.subList(i, batch.size()), until, e.getMessage());
                    return new Drained(done, later, held);
                }
                if (failed(push, e.getMessage())) {
                    held++;
                } else {
                    later++;
                }
            } catch (CircuitBreakerOpenException e) {
                later += giveBack(
                        batch.subList(i, batch.size()),
                        clock.now().plusSeconds(30),
                        crm.system().label() + " is failing; trying again in 30 seconds");
                return new Drained(done, later, held);
            } catch (RateLimitException e) {
                // Our own limiter, below the CRM's burst limit: not the CRM's fault, not an attempt.
                later += giveBack(batch.subList(i, batch.size()), clock.now().plusSeconds(1), null);
                return new Drained(done, later, held);
            } catch (CrmFailure.Refused e) {
                hold(push, e.getMessage());
                held++;
            } catch (TimeoutException e) {
                if (failed(push, crm.system().label() + " did not answer in time")) {
                    held++;
                } else {
                    later++;
                }
            } catch (RuntimeException e) {
                if (failed(push, crm.system().label() + ": " + e.getMessage())) {
                    held++;
                } else {
                    later++;
                }
            }
        }
        if (done > 0) {
            sync.pushed(crm.system()).await().atMost(WAIT);
            if (later == 0 && held == 0) {
                pushes.dueAgain().await().atMost(WAIT);
            }
        }
        return new Drained(done, later, held);
    }

    /** Does the push; returns what it made in the CRM. */
    private String push(Crm crm, CrmPushes.Claimed push) {
        Crm.ContactRef contact = links.contact(push.leadId(), crm.system())
                .await()
                .atMost(WAIT)
                .orElseGet(() -> links.link(
                                push.leadId(),
                                crm.system(),
                                crm.contact(notes.lead(push.leadId()).await().atMost(WAIT)))
                        .await()
                        .atMost(WAIT));
        CrmNotes.Note note =
                notes.note(push, "meeting".equals(config.dealOn())).await().atMost(WAIT);
        if (note == null) {
            return "contact:" + contact.id();
        }
        String made = "note:" + crm.note(contact, push.marker(), note.html(), note.at(), push.retry());
        if (note.dealTitle() != null) {
            made += " deal:" + crm.deal(contact, push.marker(), note.dealTitle(), push.retry());
        }
        links.touched(push.leadId()).await().atMost(WAIT);
        return made;
    }

    /** Back to the queue or held; true when held. */
    private boolean failed(CrmPushes.Claimed push, String problem) {
        if (push.attempts() >= MAX_ATTEMPTS) {
            hold(push, problem + " (" + push.attempts() + " attempts)");
            return true;
        }
        long base = 5L * (1L << Math.min(2 * (push.attempts() - 1), 20));
        long seconds = Math.min(base, 1800);
        long jittered = Math.max(
                1, Math.round(seconds * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
        pushes.later(push.id(), clock.now().plusSeconds(jittered), problem, true)
                .await()
                .atMost(WAIT);
        return false;
    }

    private void hold(CrmPushes.Claimed push, String problem) {
        pushes.hold(push.id(), problem).await().atMost(WAIT);
        audit.record(AuditEntry.of("system", "crm.push_held")
                        .entity("crm_push", push.id())
                        .lead(push.leadId())
                        .detail("event", push.event().dbValue())
                        .detail("problem", problem))
                .await()
                .atMost(WAIT);
        LOG.warnf(
                "CRM push %d (%s for lead %d) held: %s", push.id(), push.event().dbValue(), push.leadId(), problem);
    }

    private int giveBack(List<CrmPushes.Claimed> rest, Instant at, String problem) {
        rest.forEach(p -> pushes.later(p.id(), at, problem, false).await().atMost(WAIT));
        return rest.size();
    }
}
