package dev.outreach.lead;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * New leads, one row per business: the database decides what a duplicate is, through the unique
 * indexes of the schema, so concurrent imports of the same business end in one row. Part of the
 * {@code lead} table's owner (the {@code lead} package, {@link Leads}).
 */
@ApplicationScoped
public class NewLeads {

    private static final String INSERT = """
            insert into lead (source, business_name, name_key, city, category, website, website_host, email, phone,
                              country, timezone, raw_metadata, provenance, tags, language)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            on conflict do nothing
            returning id""";
    private static final String SAME_BUSINESS = """
            select id from lead
            where name_key = $1
              and (website_host = $2 or phone = $3 or (website_host is null and phone is null
                                                         and $2::text is null and $3::text is null))
            order by id
            limit 1""";

    private final Pool pool;
    private final AuditLog audit;
    private final TimeSource clock;

    NewLeads(Pool pool, AuditLog audit, TimeSource clock) {
        this.pool = pool;
        this.audit = audit;
        this.clock = clock;
    }

    /** The stored lead's id, and whether this call created it or found the same business. */
    public record Stored(long id, boolean created) {}

    public Uni<Stored> store(NormalizedLead lead, String actor) {
        return pool.withTransaction(conn -> store(conn, lead, actor));
    }

    /** Inserts on the caller's connection, so a batch import can share one transaction. */
    public Uni<Stored> store(SqlClient client, NormalizedLead lead, String actor) {
        return client.preparedQuery(INSERT)
                .execute(insertParameters(lead, actor, clock.now()))
                .flatMap(rows -> {
                    if (rows.size() == 1) {
                        long id = rows.iterator().next().getLong("id");
                        return audit.record(
                                        client,
                                        AuditEntry.of(actor, "lead.created")
                                                .entity("lead", id)
                                                .lead(id)
                                                .detail("source", lead.source()))
                                .replaceWith(new Stored(id, true));
                    }
                    return client.preparedQuery(SAME_BUSINESS)
                            .execute(Tuple.of(lead.nameKey(), lead.websiteHost(), lead.phone()))
                            .map(NewLeads::existing);
                });
    }

    private static final String INSERT_MANY = """
            insert into lead (source, business_name, name_key, city, category, website, website_host, email, phone,
                              country, timezone, raw_metadata, provenance, tags, language)
            select s, b, k, c, g, w, h, e, p, n, z, m, v, string_to_array(t, ','), l
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::jsonb[], $14::text[],
                        $15::text[])
                 as u(s, b, k, c, g, w, h, e, p, n, z, m, v, t, l)
            on conflict do nothing
            returning id, source""";

    /**
     * Inserts many leads in one statement on the caller's connection; a lead for a business already
     * known (or named twice in the batch) is skipped. Returns the ids of the leads created.
     */
    public Uni<List<Long>> storeAll(SqlClient client, List<NormalizedLead> batch, String actor) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = batch.size();
        Object[][] columns = new Object[15][];
        String[][] text = new String[11][n];
        JsonObject[] metadata = new JsonObject[n];
        JsonObject[] provenance = new JsonObject[n];
        // A tag has no comma (LeadIntake), so each lead's tags travel as one text.
        String[] tags = new String[n];
        String[] languages = new String[n];
        java.time.Instant now = clock.now();
        for (int i = 0; i < n; i++) {
            NormalizedLead lead = batch.get(i);
            String[] values = texts(lead);
            for (int c = 0; c < values.length; c++) {
                text[c][i] = values[c];
            }
            metadata[i] = new JsonObject(lead.rawMetadata());
            provenance[i] = Provenance.forLead(lead, actor, now);
            tags[i] = String.join(",", lead.tags());
            languages[i] = lead.language();
        }
        System.arraycopy(text, 0, columns, 0, 11);
        columns[11] = metadata;
        columns[12] = provenance;
        columns[13] = tags;
        columns[14] = languages;
        return client.preparedQuery(INSERT_MANY)
                .execute(Tuple.from((Object[]) columns))
                .flatMap(rows -> {
                    List<Long> created = new ArrayList<>(rows.size());
                    List<AuditEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        created.add(id);
                        entries.add(AuditEntry.of(actor, "lead.created")
                                .entity("lead", id)
                                .lead(id)
                                .detail("source", row.getString("source")));
                    }
                    return audit.recordAll(client, entries).replaceWith(created);
                });
    }

    private static Stored existing(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new IllegalStateException("insert conflicted but no matching lead was found");
        }
        return new Stored(rows.iterator().next().getLong("id"), false);
    }

    static Tuple insertParameters(NormalizedLead lead, String by, java.time.Instant at) {
        Object[] values = java.util.Arrays.copyOf(texts(lead), 15, Object[].class);
        values[11] = new JsonObject(lead.rawMetadata());
        values[12] = Provenance.forLead(lead, by, at);
        values[13] = lead.tags().toArray(String[]::new);
        values[14] = lead.language();
        return Tuple.from(values);
    }

    /** The lead's first 11 columns of {@link #INSERT}, in its order: the text ones. */
    private static String[] texts(NormalizedLead lead) {
        return new String[] {
            lead.source(),
            lead.businessName(),
            lead.nameKey(),
            lead.city(),
            lead.category(),
            lead.website(),
            lead.websiteHost(),
            lead.email(),
            lead.phone(),
            lead.country(),
            lead.timezone()
        };
    }
}
