package dev.outreach.imports;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.NewLeads;
import dev.outreach.lead.NormalizedLead;
import dev.outreach.verify.VerificationQueue;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * CSV imports. The upload is kept in a temporary file; its header is checked before the
 * import is accepted; then rows are read one at a time and stored in chunks, each chunk in one
 * transaction with the import's counters, so progress is always true and a crash loses at most the
 * chunk in flight. A bad row is recorded with its line, field and reason and never stops the others;
 * a row for a business already known counts as a duplicate, so running the same file again is safe.
 * New leads are stored as {@code new} and verified by the {@link VerificationQueue} in the background.
 */
@ApplicationScoped
public class LeadImports {

    static final int CHUNK = 250;
    /** An import whose replica has not shown it is alive for this long is considered abandoned. */
    static final Duration LOST_AFTER = Duration.ofMinutes(2);
    /** Errors kept per import for the operator; the counts include every one. */
    static final int MAX_STORED_ERRORS = 1_000;

    private static final Logger LOG = Logger.getLogger(LeadImports.class);

    private final Pool pool;
    private final ImportRuns runs;
    private final LeadIntake intake;
    private final NewLeads leads;
    private final VerificationQueue verification;
    private final AuditLog audit;

    LeadImports(
            Pool pool,
            ImportRuns runs,
            LeadIntake intake,
            NewLeads leads,
            VerificationQueue verification,
            AuditLog audit) {
        this.pool = pool;
        this.runs = runs;
        this.intake = intake;
        this.leads = leads;
        this.verification = verification;
        this.audit = audit;
    }

    /** The imports this replica is running; their heartbeat is refreshed while they last. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    /**
     * Keeps this replica's imports alive, and marks failed those whose replica went silent (a crash or
     * a restart): uploading the file again is safe, rows already imported count as duplicates.
     */
    @EveryReplica("keeps this replica's own imports alive")
    @Scheduled(identity = "import-heartbeat", every = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        return runs.keepAlive(running.toArray(Long[]::new))
                .flatMap(x -> runs.failAbandoned(LOST_AFTER))
                .invoke(failed -> {
                    if (failed > 0) {
                        LOG.warnf("%d import(s) marked failed: the server running them stopped", failed);
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Import heartbeat: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Checks the file's header and starts importing it in the background. The file is deleted when
     * the import ends. Throws {@link InvalidInputException} (field {@code file}) for an unusable file.
     */
    public Uni<Long> start(Path file, String fileName, String actor) {
        CsvLeads rows;
        try {
            rows = CsvLeads.open(Files.newInputStream(file));
        } catch (CsvLeads.BadHeader e) {
            delete(file);
            throw new InvalidInputException("file", e.getMessage());
        } catch (IOException e) {
            delete(file);
            throw new InvalidInputException("file", "could not be read: " + e.getMessage());
        }
        Integer expected = dataLines(file);
        return pool.withTransaction(conn -> runs.open(conn, fileName, actor, expected, rows.ignoredColumns())
                        .call(id -> audit.record(
                                conn,
                                AuditEntry.of(actor, "import.started")
                                        .entity("import", id)
                                        .detail("file", fileName))))
                .invoke(id -> {
                    running.add(id);
                    Infrastructure.getDefaultWorkerPool().execute(() -> run(id, rows, file, fileName, actor));
                })
                .onFailure()
                .invoke(e -> {
                    close(rows);
                    delete(file);
                });
    }

    /** Reads and stores every row; runs on a worker thread. */
    void run(long importId, CsvLeads rows, Path file, String fileName, String actor) {
        Counts counts = new Counts();
        try (rows) {
            List<CsvLeads.Row> chunk = new ArrayList<>(CHUNK);
            while (rows.hasNext()) {
                chunk.add(rows.next());
                if (chunk.size() == CHUNK) {
                    store(importId, fileName, chunk, actor, counts);
                    chunk.clear();
                }
            }
            store(importId, fileName, chunk, actor, counts);
            finish(importId, "completed", null, counts, actor);
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "Import %d failed after %d rows", importId, counts.processed);
            finish(importId, "failed", "stopped after " + counts.processed + " rows: " + e.getMessage(), counts, actor);
        } finally {
            running.remove(importId);
            delete(file);
        }
    }

    private static final class Counts {
        int processed;
        int created;
        int duplicates;
        int rejected;
        int storedErrors;
    }

    /** One chunk in one transaction: the leads, the errors and the import's counters. */
    private void store(long importId, String fileName, List<CsvLeads.Row> chunk, String actor, Counts counts) {
        List<ImportRuns.RowError> errors = new ArrayList<>();
        List<NormalizedLead> accepted = new ArrayList<>();
        for (CsvLeads.Row row : chunk) {
            if (row.problem() != null) {
                errors.add(new ImportRuns.RowError(row.line(), "row", null, row.problem()));
                continue;
            }
            try {
                accepted.add(intake.check(row.toInput("csv", fileName)).lead());
            } catch (InvalidInputException e) {
                for (FieldError error : e.errors()) {
                    errors.add(new ImportRuns.RowError(
                            row.line(),
                            CsvHeaders.column(error.field()),
                            row.headerOf(error.field()),
                            error.message()));
                }
            }
        }
        long rejectedRows =
                errors.stream().mapToLong(ImportRuns.RowError::line).distinct().count();
        List<ImportRuns.RowError> toStore =
                errors.subList(0, Math.max(0, Math.min(errors.size(), MAX_STORED_ERRORS - counts.storedErrors)));
        List<Long> created = pool.withTransaction(conn -> leads.storeAll(conn, accepted, actor)
                        .flatMap(newLeads -> runs.recordChunk(
                                        conn,
                                        importId,
                                        chunk.size(),
                                        newLeads.size(),
                                        accepted.size() - newLeads.size(),
                                        (int) rejectedRows,
                                        toStore)
                                .replaceWith(newLeads)))
                .await()
                .atMost(Duration.ofMinutes(2));
        counts.processed += chunk.size();
        counts.created += created.size();
        counts.duplicates += accepted.size() - created.size();
        counts.rejected += (int) rejectedRows;
        counts.storedErrors += toStore.size();
        verification.kick();
    }

    private void finish(long importId, String status, String error, Counts counts, String actor) {
        pool.withTransaction(conn -> runs.finish(conn, importId, status, error)
                        .flatMap(x -> audit.record(
                                conn,
                                AuditEntry.of(actor, "import." + status)
                                        .entity("import", importId)
                                        .detail("processed", counts.processed)
                                        .detail("created", counts.created)
                                        .detail("duplicates", counts.duplicates)
                                        .detail("rejected", counts.rejected))))
                .onFailure()
                .invoke(e -> LOG.errorf(e, "Could not record the end of import %d", importId))
                .onFailure()
                .recoverWithNull()
                .await()
                .atMost(Duration.ofMinutes(1));
    }

    private static void close(CsvLeads rows) {
        try {
            rows.close();
        } catch (IOException e) {
            LOG.debug("closing an import file", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete the upload %s", file);
        }
    }

    /** Lines after the header that are not blank: the rows to expect, unless fields hold line breaks. */
    static Integer dataLines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return (int) Math.max(0, lines.filter(line -> !line.isBlank()).count() - 1);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** Copies an upload to a temporary file, so that reading it never holds a request open. */
    public static Path save(InputStream body) throws IOException {
        Path file = Files.createTempFile("outreach-import-", ".csv");
        try (body) {
            Files.copy(body, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
