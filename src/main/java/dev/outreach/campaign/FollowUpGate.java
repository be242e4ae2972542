package dev.outreach.campaign;

import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.jurisdiction.CountryBook;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate decides who is drafted, for follow-ups too (issue 29): each step still ahead of each lead is
 * put to the gate now, and those it refuses for good (an opt-out, the Do-Not-Call list, the law of the
 * lead's country) are skipped with its reason. Nothing here restates a rule: the gate's preview decides.
 */
@ApplicationScoped
class FollowUpGate {

    private final Pool pool;
    private final PolicyFactory policies;
    private final CountryBook countries;
    private final LiveSettings live;
    private final OutreachConfig config;
    private final TimeSource clock;

    FollowUpGate(
            Pool pool,
            PolicyFactory policies,
            CountryBook countries,
            LiveSettings live,
            OutreachConfig config,
            TimeSource clock) {
        this.pool = pool;
        this.policies = policies;
        this.countries = countries;
        this.live = live;
        this.config = config;
        this.clock = clock;
    }

    /** The gate's final refusals of the steps ahead, keyed by the sent message and the 1-based step. */
    Uni<Map<String, String>> refusedForGood(List<SentStep> going) {
        if (going.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Long[] leads = going.stream().map(SentStep::leadId).distinct().toArray(Long[]::new);
        ZoneId zone = live.current().timezone();
        return pool.withConnection(conn -> conn.preparedQuery(
                        "select l.*, l.last_contacted_at as last_contact from lead l where l.id = any($1)")
                .execute(Tuple.of((Object) leads))
                .flatMap(rows -> {
                    Map<Long, Row> byLead = new HashMap<>();
                    rows.forEach(r -> byLead.put(r.getLong("id"), r));
                    Map<String, Candidate> asked = new LinkedHashMap<>();
                    for (SentStep done : going) {
                        Row lead = byLead.get(done.leadId());
                        for (int index = done.step();
                                lead != null && index < done.sequence().size();
                                index++) {
                            Channel channel = done.channelAt(index);
                            if (done.recipient(channel) != null) {
                                asked.put(
                                        key(done, index + 1),
                                        CampaignPreview.candidate(
                                                lead, channel, done.dryRun(), zone, config.defaultRegion(), index + 1));
                            }
                        }
                    }
                    if (asked.isEmpty()) {
                        return Uni.createFrom().item(Map.<String, String>of());
                    }
                    return GateSession.preview(
                                    conn,
                                    List.copyOf(asked.values()),
                                    zone,
                                    clock.now(),
                                    countries.dlt(),
                                    config.whatsapp().contentSid().isPresent(),
                                    null)
                            .map(session -> {
                                Map<String, String> refused = new HashMap<>();
                                asked.forEach((key, candidate) ->
                                        session
                                                .decide(candidate, policies.policy(candidate.dryRun()))
                                                .refusals()
                                                .stream()
                                                .filter(v -> v.rule().finalRefusal())
                                                .findFirst()
                                                .ifPresent(v -> refused.put(
                                                        key,
                                                        "the gate refuses it for good, "
                                                                + v.rule().key() + ": " + v.reason())));
                                return refused;
                            });
                }));
    }

    /** How {@link #refusedForGood} keys a step: the sent message and the step's 1-based number. */
    static String key(SentStep done, int step) {
        return done.messageId() + ":" + step;
    }
}
