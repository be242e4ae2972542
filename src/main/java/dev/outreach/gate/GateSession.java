package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.deliverability.Sending;
import dev.outreach.deliverability.SendingDomains;
import dev.outreach.jurisdiction.Jurisdiction;
import dev.outreach.jurisdiction.LineType;
import dev.outreach.jurisdiction.RecipientFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The gate inside one claiming transaction. {@link #open} locks the recipient domains (advisory, in
 * order) and loads the facts for a batch of due messages, the counters read without a lock;
 * {@link #decide} asks {@link ComplianceGate} about each message in turn, counting what earlier
 * messages of the batch spent; {@link #save} spends the counters last, each only if it stays within
 * its cap: when another claim spent one meanwhile, the claim fails whole and is tried again
 * ({@link SendCounters.SpentMeanwhile}), so replicas never overrun a cap together.
 * The first live email a sending domain is let send starts its warm-up, in the same transaction.
 */
public final class GateSession {

    private final Instant now;
    private final ZoneId businessZone;
    private final Map<String, Integer> used;
    /** What this batch spent of each counter, and the cap it was spent against. */
    private final Map<String, Integer> spent = new HashMap<>();

    private final Map<String, Integer> caps = new HashMap<>();
    private final Set<String> optedOut;
    private final Set<String> doNotCall;
    private final Map<String, DomainWindow> domains;
    private final GateFacts.Lawful lawful;
    private final Sending sending;
    private final Map<Long, ContactFacts.CrmRecord> crm;
    private boolean firstLiveEmail;

    private GateSession(
            Instant now,
            ZoneId businessZone,
            Map<String, Integer> used,
            Set<String> optedOut,
            Set<String> doNotCall,
            Map<String, DomainWindow> domains,
            GateFacts.Lawful lawful,
            Sending sending,
            Map<Long, ContactFacts.CrmRecord> crm) {
        this.crm = crm;
        this.now = now;
        this.businessZone = businessZone;
        this.used = used;
        this.optedOut = optedOut;
        this.doNotCall = doNotCall;
        this.domains = domains;
        this.lawful = lawful;
        this.sending = sending;
    }

    /** Emails to one domain in the last hour, in one mode. */
    static final class DomainWindow {
        int sent;
        Instant oldest;
    }

    /**
     * @param sending the sending domain's facts, or null when the batch holds no email
     */
    public static Uni<GateSession> open(
            SqlClient conn,
            List<Candidate> batch,
            ZoneId businessZone,
            Instant now,
            RecipientFacts.Dlt dlt,
            boolean whatsAppTemplate,
            Sending sending) {
        return open(conn, batch, businessZone, now, dlt, whatsAppTemplate, sending, true);
    }

    /**
     * A session that only asks (a campaign's preview): the counters are read, not locked, and it must
     * never be saved. What it allows spends the caps within the session, as a real batch would.
     */
    public static Uni<GateSession> preview(
            SqlClient conn,
            List<Candidate> batch,
            ZoneId businessZone,
            Instant now,
            RecipientFacts.Dlt dlt,
            boolean whatsAppTemplate,
            Sending sending) {
        return open(conn, batch, businessZone, now, dlt, whatsAppTemplate, sending, false);
    }

    private static Uni<GateSession> open(
            SqlClient conn,
            List<Candidate> batch,
            ZoneId businessZone,
            Instant now,
            RecipientFacts.Dlt dlt,
            boolean whatsAppTemplate,
            Sending sending,
            boolean lock) {
        TreeSet<String> counterKeys = new TreeSet<>();
        TreeSet<String> lockedDomains = new TreeSet<>();
        for (Candidate c : batch) {
            counterKeys.add(SendCounters.dailyKey(c, businessZone, now));
            if (c.channel() == Channel.CALL && c.country() != null) {
                counterKeys.add(SendCounters.countryKey(c, businessZone, now));
            }
            if (c.channel() == Channel.EMAIL && c.recipientDomain() != null) {
                lockedDomains.add(c.recipientDomain());
            }
        }
        String[] keys = counterKeys.toArray(String[]::new);
        String[] contacts = batch.stream()
                .flatMap(c -> Stream.of(c.recipient(), c.leadEmail(), c.leadPhone()))
                .filter(Objects::nonNull)
                .distinct()
                .toArray(String[]::new);
        String[] phones = batch.stream()
                .filter(c -> c.channel().usesPhone())
                .map(Candidate::recipient)
                .distinct()
                .toArray(String[]::new);
        String[] emailDomains = batch.stream()
                .filter(c -> c.channel() == Channel.EMAIL)
                .map(Candidate::recipientDomain)
                .filter(Objects::nonNull)
                .distinct()
                .toArray(String[]::new);

        Uni<Map<String, Integer>> counters = lock
                ? SendCounters.prepare(conn, keys, lockedDomains.toArray(String[]::new))
                : SendCounters.read(conn, keys);
        Uni<Set<String>> optOuts = GateFacts.optedOut(conn, contacts);
        Uni<Set<String>> dnc = GateFacts.doNotCall(conn, phones);
        Uni<Map<String, DomainWindow>> domainWindows = GateFacts.domainWindows(conn, emailDomains, now);
        String[] recipients =
                batch.stream().map(Candidate::recipient).distinct().toArray(String[]::new);
        String[] whatsapp = batch.stream()
                .filter(c -> c.channel() == Channel.WHATSAPP)
                .map(Candidate::recipient)
                .distinct()
                .toArray(String[]::new);
        Uni<Map<String, List<GateFacts.Consent>>> consents = GateFacts.consents(conn, recipients);
        Uni<Map<String, Instant>> wrote = GateFacts.lastWhatsApp(conn, whatsapp);
        boolean india = batch.stream().anyMatch(c -> c.channel().usesPhone() && "IN".equals(c.country()));
        Uni<LocalDate> ncpr =
                india ? GateFacts.ncprUploadedOn(conn) : Uni.createFrom().nullItem();
        Long[] leadIds = batch.stream()
                .filter(c -> !c.answer())
                .map(Candidate::leadId)
                .distinct()
                .toArray(Long[]::new);
        Uni<Map<Long, ContactFacts.CrmRecord>> customers = GateFacts.crmCustomers(conn, leadIds);
        // The domains' locks first: they serialise the claimers of the same domains; the rest is read after.
        return counters.flatMap(c -> Uni.combine()
                .all()
                .unis(optOuts, dnc, domainWindows, consents, wrote, ncpr, customers)
                .asTuple()
                .map(t -> new GateSession(
                        now,
                        businessZone,
                        c,
                        t.getItem1(),
                        t.getItem2(),
                        new HashMap<>(t.getItem3()),
                        new GateFacts.Lawful(t.getItem4(), t.getItem5(), t.getItem6(), dlt, whatsAppTemplate),
                        sending,
                        t.getItem7())));
    }

    /** Decides one candidate; an allowed contact spends its caps for the rest of the batch. */
    public Decision decide(Candidate c, Policy policy) {
        String daily = SendCounters.dailyKey(c, businessZone, now);
        String country = c.channel() == Channel.CALL && c.country() != null
                ? SendCounters.countryKey(c, businessZone, now)
                : null;
        DomainWindow window = c.channel() == Channel.EMAIL && c.recipientDomain() != null
                ? domains.computeIfAbsent(domainKey(c.recipientDomain(), c.dryRun()), k -> new DomainWindow())
                : new DomainWindow();
        boolean optOut = Stream.of(c.recipient(), c.leadEmail(), c.leadPhone())
                .filter(Objects::nonNull)
                .anyMatch(optedOut::contains);
        ContactFacts facts = new ContactFacts(
                c.channel(),
                c.sequenceStep(),
                c.leadStatus(),
                c.contactVerified(),
                optOut,
                c.channel().usesPhone() && doNotCall.contains(c.recipient()),
                c.lastContactedAt(),
                c.cooldownUntil(),
                used.getOrDefault(daily, 0),
                country == null ? 0 : used.getOrDefault(country, 0),
                c.country(),
                c.recipientDomain(),
                window.sent,
                window.oldest,
                c.leadZone(),
                c.answer(),
                recipient(c),
                sending,
                crm.get(c.leadId()));
        Decision decision = ComplianceGate.decide(facts, policy, now);
        if (decision.allowed()
                && c.channel() == Channel.EMAIL
                && !c.dryRun()
                && sending != null
                && sending.firstLive() == null) {
            firstLiveEmail = true;
        }
        if (decision.allowed() && !c.answer()) {
            spend(daily, policy.dailyCap(c.channel()));
            if (country != null) {
                spend(country, policy.countryCallCaps().getOrDefault(c.country(), Integer.MAX_VALUE));
            }
            window.sent++;
            if (window.oldest == null) {
                window.oldest = now;
            }
        }
        return decision;
    }

    private RecipientFacts recipient(Candidate c) {
        if (c.country() == null) {
            return null;
        }
        LineType line = !c.channel().usesPhone()
                ? null
                : c.recipient().equals(c.leadPhone())
                        ? LineType.of(c.lineType(), c.recipient())
                        : LineType.of(c.recipient());
        return new RecipientFacts(
                c.country(),
                c.countryFrom(),
                c.channel(),
                lawful.best(c.recipient(), c.channel()),
                line,
                c.provenance(),
                lawful.wroteAt().get(c.recipient()),
                lawful.dlt(),
                lawful.ncprOn(),
                lawful.whatsAppTemplate());
    }

    /** A WhatsApp message that may go as free text: the contact wrote within the last 24 hours. */
    public boolean whatsAppWindowOpen(Candidate c) {
        return Jurisdiction.inWhatsAppWindow(lawful.wroteAt().get(c.recipient()), now);
    }

    /**
     * Spends the counters this batch used, on the same connection and transaction, last: fails with
     * {@link SendCounters.SpentMeanwhile} when another claim spent one meanwhile and this batch's would
     * overrun its cap.
     */
    public Uni<Void> save(SqlClient conn) {
        Uni<Void> warmUpStarts = firstLiveEmail
                ? SendingDomains.firstLiveEmail(conn, sending.domain(), now)
                : Uni.createFrom().voidItem();
        if (spent.isEmpty()) {
            return warmUpStarts;
        }
        String[] keys = new TreeSet<>(spent.keySet()).toArray(String[]::new);
        Integer[] amounts = Arrays.stream(keys).map(spent::get).toArray(Integer[]::new);
        Integer[] limits = Arrays.stream(keys).map(caps::get).toArray(Integer[]::new);
        return warmUpStarts.flatMap(x -> SendCounters.spend(conn, keys, amounts, limits));
    }

    private void spend(String key, int cap) {
        used.merge(key, 1, Integer::sum);
        spent.merge(key, 1, Integer::sum);
        caps.put(key, cap);
    }

    static String mode(boolean dryRun) {
        return dryRun ? "dry" : "live";
    }

    static String domainKey(String domain, boolean dryRun) {
        return mode(dryRun) + ":" + domain;
    }
}
