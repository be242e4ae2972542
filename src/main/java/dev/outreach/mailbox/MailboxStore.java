package dev.outreach.mailbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The one writer of {@code mailbox_checkpoint} and {@code mailbox_mail}: where the reader stopped in a
 * folder (its UIDVALIDITY and last UID) and each mail read, recorded once by its key in the
 * transaction that applies its effect.
 */
@ApplicationScoped
public class MailboxStore {

    private final Pool pool;

    MailboxStore(Pool pool) {
        this.pool = pool;
    }

    /** Where the reader stopped in a folder. */
    public record Checkpoint(long uidValidity, long lastUid) {}

    public Uni<Optional<Checkpoint>> checkpoint(String folder) {
        return pool.preparedQuery("select uid_validity, last_uid from mailbox_checkpoint where folder = $1")
                .execute(Tuple.of(folder))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(new Checkpoint(
                                rows.iterator().next().getLong("uid_validity"),
                                rows.iterator().next().getLong("last_uid"))));
    }

    /** The reader got this far; a new UIDVALIDITY starts the folder over (mails already applied stay applied). */
    public Uni<Void> advance(String folder, long uidValidity, long lastUid) {
        return pool.preparedQuery("""
                insert into mailbox_checkpoint (folder, uid_validity, last_uid) values ($1, $2, $3)
                on conflict (folder) do update set uid_validity = excluded.uid_validity,
                    last_uid = case when mailbox_checkpoint.uid_validity = excluded.uid_validity
                                    then greatest(mailbox_checkpoint.last_uid, excluded.last_uid)
                                    else excluded.last_uid end,
                    read_at = now()""")
                .execute(Tuple.of(folder, uidValidity, lastUid))
                .replaceWithVoid();
    }

    /** Whether a mail with this key was read and applied before (kept for good, unlike webhook ids). */
    public Uni<Boolean> recorded(String key) {
        return pool.preparedQuery("select 1 from mailbox_mail where mail_key = $1")
                .execute(Tuple.of(key))
                .map(rows -> rows.size() > 0);
    }

    /** A mail as read: false when a mail with this key was recorded before (its effect is not applied again). */
    public Uni<Boolean> recordOnce(
            SqlClient conn,
            String key,
            String folder,
            long uid,
            String kind,
            String sender,
            String subject,
            String outcome) {
        return conn.preparedQuery("""
                insert into mailbox_mail (mail_key, folder, uid, kind, sender, subject, outcome)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (mail_key) do nothing""")
                .execute(Tuple.from(new Object[] {key, folder, uid, kind, sender, subject, outcome}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** What the mail turned out to do, once its effect is applied (the lead it was about, if any). */
    public Uni<Void> applied(SqlClient conn, String key, String outcome, Long leadId) {
        return conn.preparedQuery("update mailbox_mail set outcome = $2, lead_id = $3 where mail_key = $1")
                .execute(Tuple.of(key, outcome, leadId))
                .replaceWithVoid();
    }

    /** GDPR erasure: the mails a person sent. */
    public Uni<Integer> erase(SqlClient conn, String[] senders) {
        return conn.preparedQuery("delete from mailbox_mail where sender = any($1)")
                .execute(Tuple.of((Object) senders))
                .map(rows -> rows.rowCount());
    }
}
