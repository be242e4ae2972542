package dev.outreach.settings;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SenderIdentity;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Dry-run and approval mode live in one database row (DESIGN.md, "Safety mode"): every replica
 * reads it at claim time, an admin changes it with a typed confirmation, and each change is
 * audited. {@code OUTREACH_DRY_RUN} and {@code OUTREACH_APPROVAL_MODE} seed the row and win again
 * only when their value changes between two starts (a deliberate configuration change).
 */
@ApplicationScoped
public class SafetySettings {

    public static final String CONFIRMATION = "I UNDERSTAND";
    private static final Logger LOG = Logger.getLogger(SafetySettings.class);

    private final Pool pool;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final AuditLog audit;

    SafetySettings(Pool pool, OutreachConfig config, LiveSettings live, AuditLog audit) {
        this.pool = pool;
        this.config = config;
        this.live = live;
        this.audit = audit;
    }

    void seed(@Observes @Priority(10) StartupEvent event) {
        Safety safety = pool.withTransaction(this::seed).await().atMost(Duration.ofSeconds(60));
        LOG.infof("Safety mode in force: dry-run %s, approval mode %s (set by %s)",
                safety.dryRun() ? "ON" : "OFF", safety.approvalMode() ? "ON" : "OFF", safety.updatedBy());
    }

    private Uni<Safety> seed(SqlClient conn) {
        boolean dryRun = config.dryRun();
        boolean approval = config.approvalMode();
        return conn.preparedQuery("""
                insert into safety_settings (id, dry_run, approval_mode, configured_dry_run, configured_approval_mode,
                                             updated_by)
                values (1, $1, $2, $1, $2, 'configuration')
                on conflict (id) do nothing""").execute(Tuple.of(dryRun, approval))
                .flatMap(inserted -> conn.query("select * from safety_settings where id = 1 for update").execute()
                        .flatMap(rows -> {
                            Row row = rows.iterator().next();
                            boolean dryChanged = row.getBoolean("configured_dry_run") != dryRun;
                            boolean approvalChanged = row.getBoolean("configured_approval_mode") != approval;
                            if (inserted.rowCount() == 0 && !dryChanged && !approvalChanged) {
                                return Uni.createFrom().item(toSafety(row));
                            }
                            boolean newDry = dryChanged || inserted.rowCount() == 1 ? dryRun : row.getBoolean("dry_run");
                            boolean newApproval = approvalChanged || inserted.rowCount() == 1 ? approval
                                    : row.getBoolean("approval_mode");
                            return conn.preparedQuery("""
                                    update safety_settings
                                    set dry_run = $1, approval_mode = $2, configured_dry_run = $3,
                                        configured_approval_mode = $4, updated_by = 'configuration', updated_at = now(),
                                        version = version + 1
                                    where id = 1
                                    returning *""").execute(Tuple.of(newDry, newApproval, dryRun, approval))
                                    .call(() -> audit.record(conn, AuditEntry.of("configuration", "settings.configured")
                                            .entity("settings", "safety").detail("dryRun", newDry)
                                            .detail("approvalMode", newApproval)
                                            .detail("source", "OUTREACH_DRY_RUN / OUTREACH_APPROVAL_MODE")))
                                    .map(updated -> toSafety(updated.iterator().next()));
                        }));
    }

    public Uni<Safety> current() {
        return current(pool);
    }

    public Uni<Safety> current(SqlClient client) {
        return client.query("select * from safety_settings where id = 1").execute()
                .map(rows -> toSafety(rows.iterator().next()));
    }

    /**
     * Changes the safety mode. Making it less safe (dry-run or approval off) needs the typed
     * confirmation and a complete sender identity; making it safer never does.
     */
    public Uni<Safety> change(Boolean dryRun, Boolean approvalMode, String confirm, String actor) {
        if (dryRun == null && approvalMode == null) {
            throw new InvalidInputException("dryRun", "give dryRun and/or approvalMode");
        }
        return pool.withTransaction(conn -> conn.query("select * from safety_settings where id = 1 for update")
                .execute().flatMap(rows -> {
                    Safety before = toSafety(rows.iterator().next());
                    boolean newDry = dryRun == null ? before.dryRun() : dryRun;
                    boolean newApproval = approvalMode == null ? before.approvalMode() : approvalMode;
                    boolean lessSafe = before.dryRun() && !newDry || before.approvalMode() && !newApproval;
                    if (lessSafe && !CONFIRMATION.equals(confirm)) {
                        throw new InvalidInputException("confirm",
                                "type \"" + CONFIRMATION + "\" to turn dry-run or approval mode off");
                    }
                    if (before.dryRun() && !newDry && !senderIdentityComplete()) {
                        throw new ConflictException("dryRun", "the sender is not real yet: "
                                + String.join("; ", senderPlaceholders()) + ". Set them before going live");
                    }
                    if (newDry == before.dryRun() && newApproval == before.approvalMode()) {
                        return Uni.createFrom().item(before);
                    }
                    return conn.preparedQuery("""
                            update safety_settings
                            set dry_run = $1, approval_mode = $2, updated_by = $3, updated_at = now(), version = version + 1
                            where id = 1
                            returning *""").execute(Tuple.of(newDry, newApproval, actor))
                            .call(() -> audit.record(conn, AuditEntry.of(actor, "settings.safety_changed")
                                    .entity("settings", "safety")
                                    .detail("dryRun", before.dryRun() + " -> " + newDry)
                                    .detail("approvalMode", before.approvalMode() + " -> " + newApproval)))
                            .map(updated -> toSafety(updated.iterator().next()));
                }));
    }

    /** The sender's company and postal address are real values, not the shipped placeholders. */
    public boolean senderIdentityComplete() {
        return senderPlaceholders().isEmpty();
    }

    /** What of the sender identity is still a placeholder, each naming its variable. */
    public List<String> senderPlaceholders() {
        return SenderIdentity.placeholders(live.current().sender());
    }

    private static Safety toSafety(Row row) {
        return new Safety(row.getBoolean("dry_run"), row.getBoolean("approval_mode"), row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }
}
