package dev.outreach.crm;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Records what the CRM says about a contact not to be contacted as an opt-out, in the
 * caller's transaction. Implemented by the opt-out feature, which owns opt-outs; declared here so the
 * CRM depends on no feature that reports to it.
 */
public interface DoNotContact {

    /**
     * @param email the contact's email, or null
     * @param phone the contact's phone (E.164), or null
     * @param evidence the CRM record and what it says, for the audit
     */
    Uni<Void> record(SqlClient conn, String email, String phone, String evidence);
}
