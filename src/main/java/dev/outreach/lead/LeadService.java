package dev.outreach.lead;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores leads, one row per business. The database decides what a duplicate is, through the
 * unique indexes of the schema, so concurrent imports of the same business end in one row.
 */
@ApplicationScoped
public class LeadService {

    private static final String INSERT = """
            insert into lead (source, business_name, name_key, city, category, website, website_host, email, phone,
                              country, timezone, raw_metadata)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            on conflict do nothing
            returning id""";
    private static final String SAME_BUSINESS = """
            select id from lead
            where name_key = $1
              and (website_host = $2 or phone = $3 or (website_host is null and phone is null
                                                         and $2::text is null and $3::text is null))
            order by id
            limit 1""";

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    /** The stored lead's id, and whether this call created it or found the same business. */
    public record Stored(long id, boolean created) {
    }

    public Uni<Stored> store(NormalizedLead lead, String actor) {
        return pool.withTransaction(conn -> store(conn, lead, actor));
    }

    /** Inserts on the caller's connection, so a batch import can share one transaction. */
    public Uni<Stored> store(SqlClient client, NormalizedLead lead, String actor) {
        return client.preparedQuery(INSERT).execute(insertParameters(lead))
                .flatMap(rows -> {
                    if (rows.size() == 1) {
                        long id = rows.iterator().next().getLong("id");
                        return audit.record(client, AuditEntry.of(actor, "lead.created").entity("lead", id).lead(id)
                                .detail("source", lead.source()))
                                .replaceWith(new Stored(id, true));
                    }
                    return client.preparedQuery(SAME_BUSINESS)
                            .execute(Tuple.of(lead.nameKey(), lead.websiteHost(), lead.phone()))
                            .map(LeadService::existing);
                });
    }

    private static final String INSERT_MANY = """
            insert into lead (source, business_name, name_key, city, category, website, website_host, email, phone,
                              country, timezone, raw_metadata)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[])
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
        Object[][] columns = new Object[12][];
        String[][] text = new String[11][n];
        JsonObject[] metadata = new JsonObject[n];
        for (int i = 0; i < n; i++) {
            NormalizedLead lead = batch.get(i);
            String[] values = { lead.source(), lead.businessName(), lead.nameKey(), lead.city(), lead.category(),
                    lead.website(), lead.websiteHost(), lead.email(), lead.phone(), lead.country(), lead.timezone() };
            for (int c = 0; c < values.length; c++) {
                text[c][i] = values[c];
            }
            metadata[i] = new JsonObject(lead.rawMetadata());
        }
        System.arraycopy(text, 0, columns, 0, 11);
        columns[11] = metadata;
        return client.preparedQuery(INSERT_MANY).execute(Tuple.from((Object[]) columns)).flatMap(rows -> {
            List<Long> created = new ArrayList<>(rows.size());
            List<AuditEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                long id = row.getLong("id");
                created.add(id);
                entries.add(AuditEntry.of(actor, "lead.created").entity("lead", id).lead(id)
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

    static Tuple insertParameters(NormalizedLead lead) {
        return Tuple.from(new Object[] { lead.source(), lead.businessName(), lead.nameKey(), lead.city(),
                lead.category(), lead.website(), lead.websiteHost(), lead.email(), lead.phone(), lead.country(),
                lead.timezone(), new JsonObject(lead.rawMetadata()) });
    }
}
