package dev.outreach.mailbox;

import dev.outreach.alert.Alerts;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.MailboxConfig;
import dev.outreach.config.OutreachConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Reads what comes back to the sender's own mailbox every {@code OUTREACH_IMAP_POLL_SECONDS}
 * and gives each mail the effect its webhook twin has: a reply is classified and stops the sequence
 * (stop words opt out), an out-of-office answer pauses it, a permanent bounce makes the recipient
 * undeliverable, an abuse report opts the recipient out, a mail to the List-Unsubscribe address opts
 * out its token's contact. Mail that is not about our outreach is recorded, not shown as a reply.
 *
 * <p>Exactly once, mailbox untouched: a checkpoint per folder (UIDVALIDITY, last UID) in PostgreSQL;
 * each effect is de-duplicated by the mail's key in the transaction that applies it (the replies and
 * events of {@code feedback} record it), so a restart or a new UIDVALIDITY reads again without
 * applying again. One reader across replicas (a PostgreSQL advisory lock held while reading). The
 * first read looks back {@link #FIRST_LOOK_BACK}; older mail is the owner's business.
 */
@ApplicationScoped
public class MailboxReader {

    static final int BATCH = 200;
    static final Duration FIRST_LOOK_BACK = Duration.ofDays(7);
    static final String PROVIDER = "imap";
    /** pg_try_advisory_xact_lock key: one reader at a time across replicas. */
    static final long LOCK = 0x6d61696c626f78L;

    private static final Logger LOG = Logger.getLogger(MailboxReader.class);

    private final Pool pool;
    private final ImapMailbox mailbox;
    private final MailboxStore store;
    private final MailEffects effects;
    private final Alerts alerts;
    private final TimeSource clock;
    private final MailboxConfig.Imap config;

    MailboxReader(
            Pool pool,
            ImapMailbox mailbox,
            MailboxStore store,
            MailEffects effects,
            Alerts alerts,
            TimeSource clock,
            OutreachConfig config) {
        this.pool = pool;
        this.mailbox = mailbox;
        this.store = store;
        this.effects = effects;
        this.alerts = alerts;
        this.clock = clock;
        this.config = config.imap();
    }

    /** What the last read found, for the health check and the console. */
    public record State(Instant at, boolean ok, String problem) {}

    private final AtomicReference<State> last = new AtomicReference<>();

    public Optional<State> lastRead() {
        return Optional.ofNullable(last.get());
    }

    public boolean configured() {
        return config.configured();
    }

    /** What one read did. */
    public record Summary(boolean read, int mails, int applied) {}

    @Leased(value = "mailbox-reader", seconds = 120)
    @Scheduled(
            identity = "mailbox-reader",
            every = "${outreach.imap.poll-seconds:60}s",
            delayed = "${outreach.imap.first-poll-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return configured() ? read().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /**
     * Reads the mailbox now; {@code read} is false when another replica is reading. Nothing here blocks a
     * thread on the database: the IMAP calls (Angus Mail blocks) run on a worker thread, the rest is the
     * reactive client's.
     */
    public Uni<Summary> read() {
        // The lock lives as long as a transaction on its own connection, not the session: through a
        // transaction-mode pooler (PgBouncer) a session lock would stay behind on a server connection. The
        // transaction writes nothing; its end releases the lock.
        return pool.withTransaction(lock -> lock.preparedQuery("select pg_try_advisory_xact_lock($1) as locked")
                .execute(Tuple.of(LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .flatMap(locked ->
                        locked ? readHoldingTheLock() : Uni.createFrom().item(new Summary(false, 0, 0))));
    }

    private Uni<Summary> readHoldingTheLock() {
        return readLocked(config.folder(), 0, 0)
                .invoke(summary -> last.set(new State(clock.now(), true, null)))
                .onFailure()
                .recoverWithUni(e -> {
                    String problem = describe(e);
                    last.set(new State(clock.now(), false, problem));
                    LOG.warnf("Mailbox %s could not be read: %s", config.host().orElse("?"), problem);
                    return alerts.raise(
                                    "mailbox",
                                    "mailbox:unreadable",
                                    "Mailbox not read",
                                    "The mailbox " + config.username().orElse("") + " at "
                                            + config.host().orElse("")
                                            + " could not be read: " + problem
                                            + ". Replies, bounces and unsubscribes sent "
                                            + "there wait until it can; check OUTREACH_IMAP_* (host, port, security, "
                                            + "password).")
                            .onFailure()
                            .recoverWithNull()
                            .replaceWith(new Summary(true, 0, 0));
                });
    }

    /** One batch after the checkpoint, each mail applied and the checkpoint advanced past it; then the next. */
    private Uni<Summary> readLocked(String folder, int mailsBefore, int appliedBefore) {
        return store.checkpoint(folder)
                .flatMap(checkpoint -> imap(() -> checkpoint.isPresent()
                                ? mailbox.read(
                                        checkpoint.get().uidValidity(),
                                        checkpoint.get().lastUid(),
                                        null,
                                        BATCH)
                                : mailbox.read(null, 0, clock.now().minus(FIRST_LOOK_BACK), BATCH))
                        .flatMap(batch -> {
                            if (checkpoint.isPresent() && checkpoint.get().uidValidity() != batch.uidValidity()) {
                                LOG.infof(
                                        "Mailbox folder %s has a new UIDVALIDITY (%d, was %d): reading it again; mails "
                                                + "already applied are not applied twice",
                                        folder,
                                        batch.uidValidity(),
                                        checkpoint.get().uidValidity());
                            }
                            List<Long> ours = new ArrayList<>();
                            AtomicInteger applied = new AtomicInteger(appliedBefore);
                            return Multi.createFrom()
                                    .iterable(batch.mails())
                                    .onItem()
                                    .transformToUniAndConcatenate(fetched -> apply(folder, fetched)
                                            .invoke(effect -> {
                                                if (effect.changed()) {
                                                    applied.incrementAndGet();
                                                }
                                                if (effect.ours()) {
                                                    ours.add(fetched.uid());
                                                }
                                            })
                                            .call(effect -> store.advance(folder, batch.uidValidity(), fetched.uid())))
                                    .collect()
                                    .last()
                                    // Only once applied and recorded: a mail moved and then lost by a crash would never
                                    // be read.
                                    .call(x -> config.moveTo().isPresent() && !ours.isEmpty()
                                            ? imap(() -> {
                                                mailbox.move(
                                                        batch.uidValidity(),
                                                        ours,
                                                        config.moveTo().get());
                                                return true;
                                            })
                                            : Uni.createFrom().voidItem())
                                    .call(x -> batch.mails().isEmpty() && checkpoint.isEmpty()
                                            ? store.advance(folder, batch.uidValidity(), batch.uidNext() - 1)
                                            : Uni.createFrom().voidItem())
                                    .flatMap(x -> {
                                        int mails = mailsBefore + batch.mails().size();
                                        return batch.mails().size() < BATCH
                                                ? Uni.createFrom().item(new Summary(true, mails, applied.get()))
                                                : readLocked(folder, mails, applied.get());
                                    });
                        }));
    }

    /** An IMAP call on a worker thread: Angus Mail blocks, so it never runs on an event loop. */
    private static <T> Uni<T> imap(Callable<T> call) {
        return Uni.createFrom()
                .<T>emitter(emitter -> {
                    try {
                        emitter.complete(call.call());
                    } catch (Exception e) {
                        emitter.fail(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** One mail's effect, then its record. Never fails for a bad mail. */
    Uni<MailEffects.Effect> apply(String folder, ImapMailbox.Fetched fetched) {
        ReadMail mail = fetched.mail();
        return store.recorded(mail.key()).flatMap(recorded -> {
            if (recorded) {
                // read again after a lost checkpoint or a new UIDVALIDITY: applied already
                return Uni.createFrom().item(new MailEffects.Effect("already applied", null, false));
            }
            return Uni.createFrom()
                    .deferred(() -> effects.of(mail))
                    .ifNoItem()
                    .after(Duration.ofMinutes(1))
                    .fail()
                    .onFailure()
                    .recoverWithItem(e -> {
                        LOG.warnf("Mail %s (UID %d) could not be applied: %s", mail.key(), fetched.uid(), describe(e));
                        return new MailEffects.Effect("could not be applied: " + describe(e), null, false, false);
                    })
                    .call(done -> pool.withTransaction(conn -> store.recordOnce(
                                    conn,
                                    mail.key(),
                                    folder,
                                    fetched.uid(),
                                    mail.kind().key(),
                                    mail.from(),
                                    shortened(mail.subject()),
                                    done.outcome())
                            .call(fresh -> fresh
                                    ? store.applied(conn, mail.key(), done.outcome(), done.leadId())
                                    : Uni.createFrom().voidItem())));
        });
    }

    private static String shortened(String subject) {
        return subject == null || subject.length() <= 300 ? subject : subject.substring(0, 300);
    }

    private static String describe(Throwable e) {
        if (e instanceof ImapMailbox.AuthenticationFailed) {
            return "the mail server refused the login (check OUTREACH_IMAP_USERNAME and OUTREACH_IMAP_PASSWORD): "
                    + e.getMessage();
        }
        if (e instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            return "the mailbox failed several times in a row, so it rests for a minute before the next try "
                    + "(circuit imap open)";
        }
        if (rootOf(e) instanceof java.net.ConnectException) {
            return "nothing answers at the mail server's address (check OUTREACH_IMAP_HOST and OUTREACH_IMAP_PORT): "
                    + rootOf(e).getMessage();
        }
        Throwable cause = rootOf(e);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    private static Throwable rootOf(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
