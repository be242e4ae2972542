package dev.outreach.message;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A message and its lead, as a transition returns them for the audit rows. */
public record Moved(UUID id, long leadId) {

    /** The rows a transition returned ({@code returning id, lead_id}). */
    static List<Moved> of(RowSet<Row> rows) {
        List<Moved> moved = new ArrayList<>(rows.size());
        rows.forEach(row -> moved.add(new Moved(row.getUUID("id"), row.getLong("lead_id"))));
        return moved;
    }
}
