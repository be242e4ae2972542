package dev.outreach.feedback;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.contact.ContactType;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageFeedback;
import dev.outreach.message.MessageStatus;
import dev.outreach.optout.OptOutService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies what an email provider reported, a whole batch in one transaction. Each event is
 * applied at most once: its id is inserted into {@code webhook_event} in the same transaction, and
 * an id seen before is skipped. Delivered and engagement events update the message; a bounce or a
 * drop makes the message bounced and the lead undeliverable and stops its sequence (no opt-out: the
 * address is dead, not unwilling); a spam complaint or an unsubscribe is an opt-out of the address
 * on every channel, recorded in the same transaction.
 */
@ApplicationScoped
public class EmailEvents {

    /** The message each event is about: by our id, then the provider's, then our Message-ID. */
    private static final String MATCH = """
            select e.n, m.id, m.lead_id
            from unnest($1::uuid[], $2::text[], $3::text[]) with ordinality as e(message_id, provider_ref, rfc_message_id, n)
            left join lateral (
                     select x.id, x.lead_id from (
                         select id, lead_id, 1 as rank from message where id = e.message_id
                         union all
                         select id, lead_id, 2 from message where e.provider_ref is not null and provider_ref = e.provider_ref
                         union all
                         select id, lead_id, 3 from message where e.rfc_message_id is not null
                                                               and rfc_message_id = e.rfc_message_id) x
                     order by x.rank limit 1) m on true""";

    private final Pool pool;
    private final ProviderEvents events;
    private final MessageFeedback messages;
    private final Leads leads;
    private final AuditLog audit;
    private final OptOutService optOuts;
    private final LeadSignals signals;
    private final MeterRegistry registry;

    EmailEvents(
            Pool pool,
            ProviderEvents events,
            MessageFeedback messages,
            Leads leads,
            AuditLog audit,
            OptOutService optOuts,
            LeadSignals signals,
            MeterRegistry registry) {
        this.pool = pool;
        this.events = events;
        this.messages = messages;
        this.leads = leads;
        this.audit = audit;
        this.optOuts = optOuts;
        this.signals = signals;
        this.registry = registry;
    }

    public record Applied(int received, int duplicates, Map<EmailEvent.Kind, Integer> applied, int unmatched) {}

    public Uni<Applied> apply(String provider, List<EmailEvent> events) {
        Map<String, EmailEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        List<EmailEvent> batch = List.copyOf(unique.values());
        if (batch.isEmpty()) {
            return Uni.createFrom().item(new Applied(events.size(), 0, Map.of(), 0));
        }
        return pool.withTransaction(conn -> fresh(conn, provider, batch)
                        .flatMap(fresh -> applyFresh(conn, provider, fresh).map(applied -> {
                            int duplicates = events.size() - fresh.size();
                            int unmatched = (int) fresh.stream()
                                    .filter(f -> f.messageId() == null)
                                    .count();
                            return new Applied(events.size(), duplicates, applied, unmatched);
                        })))
                .invoke(result -> count(provider, result));
    }

    private Uni<List<FreshEvent>> fresh(SqlClient conn, String provider, List<EmailEvent> batch) {
        String[] eventIds = batch.stream().map(EmailEvent::eventId).toArray(String[]::new);
        return events.recordFresh(conn, provider, eventIds).flatMap(freshIds -> {
            List<EmailEvent> fresh =
                    batch.stream().filter(e -> freshIds.contains(e.eventId())).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(List.<FreshEvent>of());
            }
            int n = fresh.size();
            UUID[] ids = new UUID[n];
            String[] refs = new String[n];
            String[] rfcIds = new String[n];
            for (int i = 0; i < n; i++) {
                EmailEvent e = fresh.get(i);
                ids[i] = e.messageId();
                refs[i] = e.providerRef();
                rfcIds[i] = e.rfcMessageId();
            }
            return conn.preparedQuery(MATCH)
                    .execute(Tuple.of(ids, refs, rfcIds))
                    .map(rows -> {
                        List<FreshEvent> matched = new ArrayList<>(n);
                        for (Row row : rows) {
                            EmailEvent event = fresh.get((int) (row.getLong("n") - 1));
                            matched.add(new FreshEvent(event, row.getUUID("id"), row.getLong("lead_id")));
                        }
                        return matched;
                    });
        });
    }

    private Uni<Map<EmailEvent.Kind, Integer>> applyFresh(SqlClient conn, String provider, List<FreshEvent> fresh) {
        Map<EmailEvent.Kind, Integer> applied = new EnumMap<>(EmailEvent.Kind.class);
        fresh.forEach(f -> applied.merge(f.event().kind(), 1, Integer::sum));
        String actor = provider;
        return delivered(conn, actor, fresh)
                .flatMap(x -> engagement(conn, fresh))
                .flatMap(x -> notDelivered(conn, actor, fresh))
                .flatMap(x -> complaints(conn, fresh))
                .flatMap(x -> optOuts(conn, provider, fresh))
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(actor, "webhook.events_applied")
                                .entity("webhook", provider)
                                .detail("applied", applied.toString())))
                .replaceWith(applied);
    }

    private Uni<Void> delivered(SqlClient conn, String actor, List<FreshEvent> fresh) {
        List<FreshEvent> delivered = FreshEvent.matched(fresh, EmailEvent.Kind.DELIVERED);
        if (delivered.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return messages.markDelivered(conn, FreshEvent.ids(delivered), FreshEvent.times(delivered))
                .flatMap(moved -> audit.recordAll(
                        conn,
                        moved.stream()
                                .map(m -> AuditEntry.of(actor, "message.delivered")
                                        .entity("message", m.id().toString())
                                        .lead(m.leadId()))
                                .toList()));
    }

    private Uni<Void> engagement(SqlClient conn, List<FreshEvent> fresh) {
        List<FreshEvent> engaged = new ArrayList<>(FreshEvent.matched(fresh, EmailEvent.Kind.OPEN));
        engaged.addAll(FreshEvent.matched(fresh, EmailEvent.Kind.CLICK));
        if (engaged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] kinds = engaged.stream().map(f -> f.event().kind().key()).toArray(String[]::new);
        return messages.recordEngagement(conn, FreshEvent.ids(engaged), kinds, FreshEvent.times(engaged));
    }

    private Uni<Void> notDelivered(SqlClient conn, String actor, List<FreshEvent> fresh) {
        List<FreshEvent> failed = fresh.stream()
                .filter(f -> f.event().kind().undeliverable() || f.event().kind() == EmailEvent.Kind.BLOCKED)
                .toList();
        if (failed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FreshEvent> withMessage =
                failed.stream().filter(f -> f.messageId() != null).toList();
        List<MessageFeedback.Undelivered> undelivered = withMessage.stream()
                .map(f -> new MessageFeedback.Undelivered(
                        f.messageId(),
                        f.event().kind() == EmailEvent.Kind.BLOCKED ? MessageStatus.FAILED : MessageStatus.BOUNCED,
                        f.event().kind().key(),
                        f.event().reason()))
                .toList();
        Uni<Void> notArrived = messages.markUndelivered(conn, undelivered)
                .flatMap(rows -> audit.recordAll(conn, messageEntries(rows, actor, "message.not_delivered")));
        // Dead addresses: by the event's address and by the lead of the message it names.
        List<FreshEvent> dead =
                failed.stream().filter(f -> f.event().kind().undeliverable()).toList();
        if (dead.isEmpty()) {
            return notArrived;
        }
        String[] emails = dead.stream()
                .map(f -> f.event().email())
                .filter(e -> e != null)
                .distinct()
                .toArray(String[]::new);
        Long[] leads = dead.stream()
                .map(FreshEvent::leadId)
                .filter(id -> id != null)
                .distinct()
                .toArray(Long[]::new);
        return notArrived
                .flatMap(x -> this.leads.emailBounced(conn, emails, leads))
                .flatMap(marked -> {
                    List<AuditEntry> entries = marked.stream()
                            .map(id -> AuditEntry.of(actor, "lead.undeliverable")
                                    .entity("lead", id)
                                    .lead(id)
                                    .detail("reason", "email bounced"))
                            .toList();
                    return audit.recordAll(conn, entries)
                            .flatMap(y -> signals.stopSequences(conn, marked, "the email bounced", actor))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> complaints(SqlClient conn, List<FreshEvent> fresh) {
        List<FreshEvent> complaints = FreshEvent.matched(fresh, EmailEvent.Kind.COMPLAINT);
        if (complaints.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return messages.recordComplaint(conn, FreshEvent.ids(complaints), FreshEvent.times(complaints));
    }

    /** One opt-out per address, in this transaction, each cancelling what was still queued for it. */
    private Uni<Void> optOuts(SqlClient conn, String provider, List<FreshEvent> fresh) {
        Map<String, EmailEvent.Kind> addresses = new LinkedHashMap<>();
        fresh.stream()
                .filter(f -> f.event().kind().optsOut() && f.event().email() != null)
                .forEach(f -> addresses.putIfAbsent(f.event().email(), f.event().kind()));
        if (addresses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(addresses.entrySet())
                .onItem()
                .transformToUniAndConcatenate(entry -> optOuts.optOut(
                        conn,
                        ContactType.EMAIL,
                        entry.getKey(),
                        provider + "_" + entry.getValue().key(),
                        entry.getValue() == EmailEvent.Kind.COMPLAINT
                                ? "marked as spam"
                                : "unsubscribed at " + provider,
                        provider))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private void count(String provider, Applied result) {
        result.applied()
                .forEach((kind, n) -> registry.counter(
                                "outreach.webhook.events",
                                "provider",
                                provider,
                                "kind",
                                kind.key(),
                                "result",
                                "applied")
                        .increment(n));
        if (result.duplicates() > 0) {
            registry.counter("outreach.webhook.events", "provider", provider, "kind", "any", "result", "duplicate")
                    .increment(result.duplicates());
        }
    }

    private static List<AuditEntry> messageEntries(Iterable<Row> rows, String actor, String action) {
        List<AuditEntry> entries = new ArrayList<>();
        for (Row row : rows) {
            AuditEntry entry = AuditEntry.of(actor, action)
                    .entity("message", row.getUUID("id").toString())
                    .lead(row.getLong("lead_id"));
            if (row.getColumnIndex("kind") >= 0) {
                entry = entry.detail("kind", row.getString("kind"));
            }
            entries.add(entry);
        }
        return entries;
    }
}
