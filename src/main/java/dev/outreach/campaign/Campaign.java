package dev.outreach.campaign;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One run of a campaign, as read for the API and the console. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(columnDefinition = "text")
    public String channel;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(columnDefinition = "text")
    public String status;

    @Column(columnDefinition = "text")
    public String trigger;

    @Column(name = "requested_by", columnDefinition = "text")
    public String requestedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> report;

    /** The commonest errors of its messages at completion: {@code {"top": [{status, error, count}, …]}}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> errors;

    /** The saved campaign this is a run of, or null for a run of every lead. */
    @Column(name = "definition_id")
    public Long definitionId;

    /** The segment the run was started with (null: every lead). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> segment;

    @Column(name = "halt_reason", columnDefinition = "text")
    public String haltReason;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "composed_at")
    public OffsetDateTime composedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Version
    public int version;
}
