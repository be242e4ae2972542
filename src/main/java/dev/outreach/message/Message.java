package dev.outreach.message;

import dev.outreach.lead.Lead;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One contact attempt in the outbox, as read for the history, the approval queue and the API. Its
 * state changes only through the transitions of this package (NewMessages, MessageSends, MessageReview…), its one writer, as named and guarded transitions.
 */
@Entity
@Table(name = "message")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "lead_id")
    public Lead lead;

    @Column(name = "lead_id", insertable = false, updatable = false)
    public Long leadId;

    @Column(name = "campaign_id")
    public Long campaignId;

    @Column(name = "sequence_step")
    public int sequenceStep;

    @Column(columnDefinition = "text")
    public String channel;

    @Column(columnDefinition = "text")
    public String status;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(columnDefinition = "text")
    public String recipient;

    @Column(name = "recipient_domain", columnDefinition = "text")
    public String recipientDomain;

    @Column(columnDefinition = "text")
    public String country;

    @Column(columnDefinition = "text")
    public String subject;

    @Column(columnDefinition = "text")
    public String body;

    @Column(columnDefinition = "text")
    public String method;

    /** Which template wrote it, and whether it is the English fallback for another language. */
    @Column(name = "template_version", columnDefinition = "text", insertable = false, updatable = false)
    public String templateVersion;

    @Column(name = "content_sent", columnDefinition = "text")
    public String contentSent;

    @Column(name = "rfc_message_id", columnDefinition = "text")
    public String rfcMessageId;

    @Column(name = "provider_ref", columnDefinition = "text")
    public String providerRef;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> decision;

    public int attempts;

    @Column(name = "due_at")
    public OffsetDateTime dueAt;

    /** The earliest time it may leave, kept while it waits for review (due_at is set only in the queue). */
    @Column(name = "not_before")
    public OffsetDateTime notBefore;

    @Column(name = "claimed_at")
    public OffsetDateTime claimedAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Column(columnDefinition = "text")
    public String outcome;

    @Column(name = "last_error", columnDefinition = "text")
    public String lastError;

    @Column(name = "answered_by", columnDefinition = "text")
    public String answeredBy;

    @Column(name = "duration_seconds")
    public Integer durationSeconds;

    @Column(columnDefinition = "text")
    public String transcript;

    @Column(name = "recording_ref", columnDefinition = "text")
    public String recordingRef;

    @Column(name = "retry_of")
    public UUID retryOf;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public int version;
}
