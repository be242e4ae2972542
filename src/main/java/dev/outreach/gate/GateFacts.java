package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.jurisdiction.ConsentLevel;
import dev.outreach.jurisdiction.RecipientFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads behind a {@link GateSession}: what the rules need to know about a batch of contacts, one
 * query each, sent together on the claiming connection (the client pipelines them). A query whose
 * input is empty is not sent.
 */
final class GateFacts {

    /** The message states that count as contacted for the domain throttle. */
    private static final String COUNTED_STATUSES =
            "'sending', 'sent', 'delivered', 'bounced', 'failed', 'held', 'dry_run'";

    /** What the jurisdiction rule reads for a batch: consents, WhatsApp windows, the NCPR list, DLT. */
    record Lawful(
            Map<String, List<Consent>> consents,
            Map<String, Instant> wroteAt,
            LocalDate ncprOn,
            RecipientFacts.Dlt dlt,
            boolean whatsAppTemplate) {

        RecipientFacts.Consent best(String contact, Channel channel) {
            return consents.getOrDefault(contact, List.of()).stream()
                    .filter(c -> c.channels().contains(channel.dbValue()))
                    .max(java.util.Comparator.comparing(Consent::level))
                    .map(c -> new RecipientFacts.Consent(c.id(), c.level()))
                    .orElse(null);
        }
    }

    record Consent(long id, Set<String> channels, ConsentLevel level) {}

    private GateFacts() {}

    static Uni<Set<String>> optedOut(SqlClient conn, String[] contacts) {
        return conn.preparedQuery("select contact_value from opt_out where contact_value = any($1)")
                .execute(Tuple.of((Object) contacts))
                .map(rows -> column(rows, "contact_value"));
    }

    static Uni<Set<String>> doNotCall(SqlClient conn, String[] phones) {
        return phones.length == 0
                ? Uni.createFrom().item(Set.of())
                : conn.preparedQuery("select phone from dnc_number where phone = any($1)")
                        .execute(Tuple.of((Object) phones))
                        .map(rows -> column(rows, "phone"));
    }

    /** Emails to each domain in the hour before {@code now}, by mode. */
    static Uni<Map<String, GateSession.DomainWindow>> domainWindows(SqlClient conn, String[] domains, Instant now) {
        if (domains.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        select recipient_domain, dry_run, count(*)::int as sent, min(claimed_at) as oldest
                        from message
                        where channel = 'email' and recipient_domain = any($1) and claimed_at > $2
                          and status in (%s) and kind = 'outreach'
                        group by recipient_domain, dry_run""".formatted(COUNTED_STATUSES))
                .execute(Tuple.of(domains, OffsetDateTime.ofInstant(now.minusSeconds(3600), ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, GateSession.DomainWindow> map = new HashMap<>();
                    for (Row row : rows) {
                        GateSession.DomainWindow window = new GateSession.DomainWindow();
                        window.sent = row.getInteger("sent");
                        window.oldest = row.getOffsetDateTime("oldest").toInstant();
                        map.put(
                                GateSession.domainKey(row.getString("recipient_domain"), row.getBoolean("dry_run")),
                                window);
                    }
                    return map;
                });
    }

    /** The consents in force for these contacts. */
    static Uni<Map<String, List<Consent>>> consents(SqlClient conn, String[] recipients) {
        return conn.preparedQuery("""
                        select id, contact_value, channels, basis from consent
                        where contact_value = any($1) and withdrawn_at is null""").execute(Tuple.of((Object) recipients)).map(rows -> {
            Map<String, List<Consent>> map = new HashMap<>();
            for (Row r : rows) {
                ConsentLevel level = ConsentLevel.of(r.getString("basis")).orElse(ConsentLevel.CONSPICUOUS_PUBLICATION);
                map.computeIfAbsent(r.getString("contact_value"), k -> new ArrayList<>())
                        .add(new Consent(r.getLong("id"), Set.of(r.getArrayOfStrings("channels")), level));
            }
            return map;
        });
    }

    /** When each WhatsApp contact last wrote to us: their 24-hour window. */
    static Uni<Map<String, Instant>> lastWhatsApp(SqlClient conn, String[] contacts) {
        if (contacts.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        select from_contact, max(received_at) as at from reply
                        where channel = 'whatsapp' and from_contact = any($1) group by from_contact""").execute(Tuple.of((Object) contacts)).map(rows -> {
            Map<String, Instant> at = new HashMap<>();
            rows.forEach(r -> at.put(
                    r.getString("from_contact"), r.getOffsetDateTime("at").toInstant()));
            return at;
        });
    }

    /** The day the NCPR list was last uploaded (UTC), or null when never. */
    static Uni<LocalDate> ncprUploadedOn(SqlClient conn) {
        return conn.preparedQuery("select max(uploaded_at) as at from dnc_upload where source = 'ncpr'")
                .execute()
                .map(rows -> {
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("at");
                    return at == null
                            ? null
                            : at.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
                });
    }

    /** The leads the agency's CRM marks as a customer or with an open deal. */
    static Uni<Map<Long, ContactFacts.CrmRecord>> crmCustomers(SqlClient conn, Long[] leadIds) {
        if (leadIds.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        select lead_id, system, record_id, evidence, url from crm_standing
                        where lead_id = any($1) and (customer or open_deal)""").execute(Tuple.of((Object) leadIds)).map(rows -> {
            Map<Long, ContactFacts.CrmRecord> map = new HashMap<>();
            for (Row r : rows) {
                String system = "hubspot".equals(r.getString("system")) ? "HubSpot" : "Pipedrive";
                map.put(
                        r.getLong("lead_id"),
                        new ContactFacts.CrmRecord(
                                system, r.getString("record_id"), r.getString("evidence"), r.getString("url")));
            }
            return map;
        });
    }

    private static Set<String> column(Iterable<Row> rows, String name) {
        Set<String> values = new HashSet<>();
        rows.forEach(row -> values.add(row.getString(name)));
        return values;
    }
}
