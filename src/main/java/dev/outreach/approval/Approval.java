package dev.outreach.approval;

import dev.outreach.message.Message;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** One review of one drafted message, as read for the queue. */
@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    @Id
    public Long id;

    @OneToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "message_id")
    public Message message;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public ApprovalStatus status;

    @Column(name = "reviewed_by", columnDefinition = "text")
    public String reviewedBy;

    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;

    @Column(columnDefinition = "text")
    public String reason;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Version
    public int version;

    /** SpamAssassin's score of the draft as it would leave; null until scored. */
    @Column(name = "spam_score")
    public java.math.BigDecimal spamScore;

    /** The SpamAssassin rules that fired, comma-separated. */
    @Column(name = "spam_rules", columnDefinition = "text")
    public String spamRules;

    /** Approval was off when it was drafted: it leaves by itself once scored within the threshold. */
    @Column(name = "approve_when_scored")
    public boolean approveWhenScored;
}
