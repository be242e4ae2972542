package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one writer of {@code campaign_definition}: saved campaigns an admin aims (a name, a channel, a
 * segment of the leads, optionally its own sequence), changed and archived, never deleted, each change
 * audited. Reads for the API and the console are here too.
 */
@ApplicationScoped
public class CampaignDefinitions {

    private final Pool pool;
    private final AuditLog audit;
    CampaignDefinitions(Pool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    /** A saved campaign as the API shows it. */
    public record Definition(long id, String name, String channel, Map<String, Object> segment, String aims,
            String sequence, String createdBy, OffsetDateTime createdAt, String updatedBy, OffsetDateTime updatedAt,
            boolean archived, int version) {

        public Segment target() {
            return Segment.from(segment);
        }

        public List<String> steps() {
            return sequence == null ? null : Arrays.stream(sequence.split(",")).map(String::strip).toList();
        }
    }

    /** What an admin gives: every field checked and named. */
    public record Request(String name, String channel, Map<String, Object> segment, String sequence) {
    }

    private record Checked(String name, Channel channel, Segment segment, String sequence) {
    }

    private Checked check(Request request) {
        if (request == null) {
            throw new InvalidInputException("body", "a JSON object with name, channel and segment is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? "" : Text.checked("name", request.name()).strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "is required, e.g. 'Pune dentists'"));
        } else if (name.length() > 80) {
            errors.add(new FieldError("name", "must be at most 80 characters"));
        }
        Channel channel = null;
        try {
            channel = CampaignService.channel(request.channel());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        Segment segment = Segment.ANY;
        try {
            segment = Segment.from(request.segment());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        String sequence = request.sequence() == null || request.sequence().isBlank() ? null : request.sequence().strip();
        if (sequence != null) {
            List<String> steps = Arrays.stream(sequence.split(",")).map(String::strip).toList();
            try {
                List<SequenceStep> parsed = SequenceStep.parse(steps);
                if (channel != null && parsed.get(0).channel() != channel) {
                    errors.add(new FieldError("sequence", "must start with the campaign's channel ("
                            + channel.dbValue() + ")"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("sequence", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Checked(name, channel, segment, sequence);
    }

    public Uni<Definition> create(Request request, String actor) {
        Checked c = check(request);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into campaign_definition (name, channel, segment, sequence, created_by, updated_by)
                values ($1, $2, $3, $4, $5, $5) returning *""")
                .execute(Tuple.of(c.name(), c.channel().dbValue(), c.segment().json(), c.sequence(), actor))
                .map(rows -> definition(rows.iterator().next()))
                .call(d -> audit.record(conn, AuditEntry.of(actor, "campaign_definition.created")
                        .entity("campaign_definition", d.id()).detail("name", d.name()).detail("channel", d.channel())
                        .detail("aims", d.aims()).detail("sequence", d.sequence()))))
                .onFailure(PgException.class).transform(CampaignDefinitions::nameTaken);
    }

    /** Changes a saved campaign; {@code version} is the one the admin saw (409 when it changed since). */
    public Uni<Definition> update(long id, int version, Request request, String actor) {
        Checked c = check(request);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update campaign_definition set name = $3, channel = $4, segment = $5, sequence = $6, updated_by = $7,
                    updated_at = now(), version = version + 1
                where id = $1 and version = $2 and archived_at is null returning *""")
                .execute(Tuple.from(new Object[] { id, version, c.name(), c.channel().dbValue(), c.segment().json(),
                        c.sequence(), actor }))
                .flatMap(rows -> rows.size() == 0 ? get(id).map(current -> {
                    throw new ConflictException("version", current.archived() ? "this saved campaign is archived"
                            : "it was changed meanwhile (now version " + current.version() + "): reload and try again");
                }) : Uni.createFrom().item(definition(rows.iterator().next())))
                .call(d -> audit.record(conn, AuditEntry.of(actor, "campaign_definition.changed")
                        .entity("campaign_definition", d.id()).detail("name", d.name()).detail("channel", d.channel())
                        .detail("aims", d.aims()).detail("sequence", d.sequence()))))
                .onFailure(PgException.class).transform(CampaignDefinitions::nameTaken);
    }

    public Uni<Definition> archive(long id, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update campaign_definition set archived_at = now(), updated_by = $2, updated_at = now(),
                    version = version + 1
                where id = $1 and archived_at is null returning *""").execute(Tuple.of(id, actor))
                .flatMap(rows -> rows.size() == 0 ? get(id).map(current -> {
                    throw new ConflictException("id", "this saved campaign is already archived");
                }) : Uni.createFrom().item(definition(rows.iterator().next())))
                .call(d -> audit.record(conn, AuditEntry.of(actor, "campaign_definition.archived")
                        .entity("campaign_definition", d.id()).detail("name", d.name()))));
    }

    private static Throwable nameTaken(Throwable failure) {
        if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return new ConflictException("name", "a saved campaign already has this name");
        }
        return failure;
    }

    public Uni<Definition> get(long id) {
        return pool.preparedQuery("select * from campaign_definition where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("id", "no saved campaign " + id);
                    }
                    return definition(rows.iterator().next());
                });
    }

    /** Saved campaigns not archived, by name. */
    public Uni<List<Definition>> list() {
        return pool.query("select * from campaign_definition where archived_at is null order by lower(name)").execute()
                .map(rows -> {
                    List<Definition> list = new ArrayList<>();
                    rows.forEach(row -> list.add(definition(row)));
                    return list;
                });
    }

    private static Definition definition(Row row) {
        Segment segment = Segment.of(row.getJsonObject("segment"));
        return new Definition(row.getLong("id"), row.getString("name"), row.getString("channel"),
                segment.json().getMap(), segment.describe(), row.getString("sequence"), row.getString("created_by"),
                row.getOffsetDateTime("created_at"), row.getString("updated_by"), row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("archived_at") != null, row.getInteger("version"));
    }
}
