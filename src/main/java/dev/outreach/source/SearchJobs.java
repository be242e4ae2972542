package dev.outreach.source;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.NotFoundException;
import dev.outreach.lead.LeadInput;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Lead searches as background jobs. Starting one opens its row and returns at once; the
 * search then runs on this replica, each lead taken in and counted as it arrives, so its page shows
 * true progress. An operator may cancel it: the next lead that arrives finds it no longer running, is
 * not taken in, and the source is asked for nothing more. A source that fails part-way ends the search failed, with what it
 * had fetched kept and the reason shown; a replica that dies leaves its searches to be marked failed.
 */
@ApplicationScoped
public class SearchJobs {

    /** A search whose replica has not shown it is alive for this long is considered abandoned. */
    static final Duration LOST_AFTER = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(SearchJobs.class);

    private final Pool pool;
    private final LeadSearches searches;
    private final SourceRuns runs;
    private final AuditLog audit;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    SearchJobs(Pool pool, LeadSearches searches, SourceRuns runs, AuditLog audit) {
        this.pool = pool;
        this.searches = searches;
        this.runs = runs;
        this.audit = audit;
    }

    /**
     * Opens the search and starts it in the background; returns its id. {@code results} is asked for
     * the leads only once the row exists, so nothing is fetched for a search nobody can follow.
     */
    public Uni<Long> start(
            LeadSource source,
            String query,
            JsonObject params,
            Supplier<Multi<LeadInput>> results,
            String actor,
            Long schedule) {
        return pool.withTransaction(conn -> searches.open(conn, source.name(), query, params, actor, schedule)
                        .call(id -> audit.record(
                                conn,
                                AuditEntry.of(actor, "source.search_started")
                                        .entity("lead_search", id)
                                        .detail("source", source.name())
                                        .detail("query", query))))
                .invoke(id -> run(id, source, query, results, actor));
    }

    private void run(long id, LeadSource source, String query, Supplier<Multi<LeadInput>> results, String actor) {
        running.add(id);
        AtomicInteger position = new AtomicInteger();
        Multi.createFrom()
                .<LeadInput>deferred(results::get)
                .onItem()
                .transformToUniAndConcatenate(input -> searches.running(id).flatMap(running -> {
                    if (!running) {
                        return Uni.createFrom().item(false);
                    }
                    int at = position.getAndIncrement();
                    return runs.takeIn(input, at, actor).flatMap(outcome -> searches.counted(id, at, outcome));
                }))
                // A false count: an operator cancelled the search; stop asking the source.
                .select()
                .first(stillRunning -> stillRunning)
                .collect()
                .last()
                .replaceWith(() -> new Ending(LeadSearches.Status.COMPLETED, null))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf(
                            "%s search %d '%s' stopped after %d leads: %s",
                            source.name(), id, query, position.get(), failure.getMessage());
                    return new Ending(
                            LeadSearches.Status.FAILED,
                            failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
                })
                .flatMap(ending -> searches.finish(id, ending.status(), ending.error())
                        // Not finished: it was cancelled; the job says when it has stopped taking leads in.
                        .flatMap(finished -> !finished
                                ? audit.record(AuditEntry.of("system", "source.search_stopped")
                                        .entity("lead_search", id)
                                        .detail("after", position.get()))
                                : audit.record(AuditEntry.of(actor, "source.searched")
                                        .entity("lead_search", id)
                                        .detail("source", source.name())
                                        .detail("query", query)
                                        .detail("status", ending.status().dbValue())
                                        .detail("error", ending.error()))))
                .onTermination()
                .invoke(() -> running.remove(id))
                .subscribe()
                .with(x -> {}, failure -> LOG.errorf(failure, "Lead search %d could not be recorded as ended", id));
    }

    private record Ending(LeadSearches.Status status, String error) {}

    /** An operator stops a running search (409 when it has ended). */
    public Uni<Void> cancel(long id, String actor) {
        return pool.withTransaction(conn -> searches.cancel(conn, id, actor).flatMap(cancelled -> {
            if (cancelled) {
                return audit.record(
                        conn, AuditEntry.of(actor, "source.search_cancelled").entity("lead_search", id));
            }
            return conn.preparedQuery("select status from lead_search where id = $1")
                    .execute(Tuple.of(id))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw new NotFoundException("id", "no lead search " + id);
                        }
                        throw new ConflictException(
                                "status",
                                "the search has already "
                                        + ended(rows.iterator().next().getString("status"))
                                        + "; there is nothing to cancel");
                    });
        }));
    }

    private static String ended(String status) {
        return switch (status) {
            case "completed" -> "completed";
            case "failed" -> "failed";
            default -> "been cancelled";
        };
    }

    /** Keeps this replica's searches alive; marks failed those whose replica went silent. */
    @EveryReplica("keeps this replica's own searches alive")
    @Scheduled(identity = "search-heartbeat", every = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        return searches.keepAlive(running.toArray(Long[]::new))
                .flatMap(x -> searches.failAbandoned(LOST_AFTER))
                .invoke(failed -> {
                    if (!failed.isEmpty()) {
                        LOG.warnf("%d lead search(es) marked failed: the server running them stopped", failed.size());
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Search heartbeat: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
