package dev.outreach.optout;

import dev.outreach.contact.ContactType;
import dev.outreach.crm.DoNotContact;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A contact the agency's CRM marks as not to be contacted is an opt-out like any other:
 * recorded once, never deleted, its open messages cancelled, audited with the CRM record as the
 * reason. It is not pushed back to the CRM, which said it first.
 */
@ApplicationScoped
public class CrmDoNotContact implements DoNotContact {

    /** The opt-out's source: the CRM. */
    static final String SOURCE = "crm";

    private final OptOutService optOuts;

    CrmDoNotContact(OptOutService optOuts) {
        this.optOuts = optOuts;
    }

    @Override
    public Uni<Void> record(SqlClient conn, String email, String phone, String evidence) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (email != null) {
            done = done.flatMap(x -> optOuts.optOut(conn, ContactType.EMAIL, email, SOURCE, evidence, SOURCE)
                    .replaceWithVoid());
        }
        if (phone != null) {
            done = done.flatMap(x -> optOuts.optOut(conn, ContactType.PHONE, phone, SOURCE, evidence, SOURCE)
                    .replaceWithVoid());
        }
        return done;
    }
}
