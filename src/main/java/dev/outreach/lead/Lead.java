package dev.outreach.lead;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A business lead as stored. Read through Panache; written only by {@link Leads} and
 * the features that move its status, with guarded SQL (see the README's persistence notes).
 */
@Entity
@Table(name = "lead")
public class Lead extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(columnDefinition = "text")
    public String source;

    @Column(name = "business_name", columnDefinition = "text")
    public String businessName;

    @Column(name = "name_key", columnDefinition = "text")
    public String nameKey;

    @Column(columnDefinition = "text")
    public String city;

    @Column(columnDefinition = "text")
    public String category;

    @Column(columnDefinition = "text")
    public String website;

    @Column(name = "website_host", columnDefinition = "text")
    public String websiteHost;

    @Column(columnDefinition = "text")
    public String email;

    @Column(columnDefinition = "text")
    public String phone;

    @Column(columnDefinition = "text")
    public String country;

    @Column(columnDefinition = "text")
    public String timezone;

    /**
     * The operator's tags, lowercase; written by {@link Leads}. Declared as PostgreSQL names the type
     * ({@code _text}): dev mode's schema validation compared {@code text[]} with it and logged an ERROR.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "_text", insertable = false, updatable = false)
    public String[] tags;

    /** The lead's language, a BCP 47 tag; null for the business default. Written by {@link Leads}. */
    @Column(columnDefinition = "text", insertable = false, updatable = false)
    public String language;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "raw_metadata")
    public Map<String, Object> rawMetadata;

    /** Where the email and the phone were found; written by {@link Leads} at intake only. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "provenance", insertable = false, updatable = false)
    public Map<String, Object> provenance;

    /** Engagement score 0–100; written by {@link Leads#score}, from the rules of meeting/Engagement. */
    @Column(insertable = false, updatable = false)
    public short score;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "score_parts", insertable = false, updatable = false)
    public Map<String, Object> scoreParts;

    @Column(name = "next_action", columnDefinition = "text", insertable = false, updatable = false)
    public String nextAction;

    @Convert(converter = LeadStatusConverter.class)
    @Column(columnDefinition = "text")
    public LeadStatus status;

    @Column(name = "status_reason", columnDefinition = "text")
    public String statusReason;

    @Column(name = "email_verified")
    public boolean emailVerified;

    @Column(name = "phone_verified")
    public boolean phoneVerified;

    @Column(name = "phone_line_type", columnDefinition = "text")
    public String phoneLineType;

    @Column(name = "last_contacted_at")
    public OffsetDateTime lastContactedAt;

    @Column(name = "cooldown_until")
    public OffsetDateTime cooldownUntil;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public int version;
}
