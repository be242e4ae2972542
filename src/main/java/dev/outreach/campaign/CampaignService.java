package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.channel.Messengers;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.deliverability.SenderDomain;
import dev.outreach.deliverability.SenderDomainCheck;
import dev.outreach.language.Language;
import dev.outreach.settings.SafetySettings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Starts campaign runs: refuses a live run while dry-run is on or while the sender is a
 * placeholder (SPEC §15), refuses a second active run of the same saved campaign, or of "every lead"
 * on the same channel (across replicas, by unique indexes), then lets {@link CampaignRunner} draft the
 * messages in the background. Saved campaigns on one channel run side by side; a lead two of them aim
 * at is drafted by the first.
 */
@ApplicationScoped
public class CampaignService {

    private static final Logger LOG = Logger.getLogger(CampaignService.class);

    private final Pool pool;
    private final Campaigns campaigns;
    private final SafetySettings safety;
    private final Messengers messengers;
    private final CampaignRunner runner;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final LiveSettings live;

    private final SenderDomainCheck senderDomain;

    CampaignService(
            Pool pool,
            Campaigns campaigns,
            SafetySettings safety,
            Messengers messengers,
            CampaignRunner runner,
            AuditLog audit,
            OutreachConfig config,
            LiveSettings live,
            SenderDomainCheck senderDomain) {
        this.senderDomain = senderDomain;
        this.pool = pool;
        this.campaigns = campaigns;
        this.safety = safety;
        this.messengers = messengers;
        this.runner = runner;
        this.audit = audit;
        this.config = config;
        this.live = live;
    }

    /** The channel a client named, or a 400 naming the field. */
    public static Channel channel(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("channel", "is required: email, call, sms or whatsapp");
        }
        try {
            return Channel.fromDb(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("channel", "must be one of email, call, sms, whatsapp");
        }
    }

    /**
     * What a run aims at: a saved campaign's segment and, if it has one, its own sequence; or every lead
     * with the settings' sequence.
     */
    /**
     * What a run aims at: the saved campaign (null for every lead), its segment, its own sequence (null for
     * the configured one) and the language it speaks to leads without their own (null for the default).
     */
    public record Aim(Long definition, Segment segment, List<String> sequence, Language language) {

        public static final Aim EVERY_LEAD = new Aim(null, Segment.ANY, null, null);
    }

    public Uni<Long> start(Channel channel, Boolean dryRun, String trigger, String runKey, String actor) {
        return start(channel, dryRun, trigger, runKey, actor, Aim.EVERY_LEAD);
    }

    /** Runs a saved campaign now, aimed at its segment with its own sequence; 409 when it is archived. */
    public Uni<Long> start(CampaignDefinitions.Definition saved, Boolean dryRun, String actor) {
        return start(saved, dryRun, "manual", null, actor);
    }

    /** A saved campaign's run: started by hand, or by its schedule with that day's run key. */
    public Uni<Long> start(
            CampaignDefinitions.Definition saved, Boolean dryRun, String trigger, String runKey, String actor) {
        if (saved.archived()) {
            throw new ConflictException("id", "this saved campaign is archived");
        }
        return start(
                Channel.fromDb(saved.channel()),
                dryRun,
                trigger,
                runKey,
                actor,
                new Aim(saved.id(), saved.target(), saved.steps(), saved.speaks()));
    }

    public Uni<Long> start(Channel channel, Boolean dryRun, String trigger, String runKey, String actor, Aim aim) {
        if (channel == null) {
            throw new InvalidInputException("channel", "is required: email, call, sms or whatsapp");
        }
        boolean dry = dryRun == null || dryRun;
        return safety.current()
                .flatMap(mode -> {
                    if (!dry && mode.dryRun()) {
                        throw new ConflictException(
                                "dryRun",
                                "dry-run mode is on, so nothing can be sent: an admin turns it "
                                        + "off in Settings (or PUT /api/settings/safety with {\"dryRun\":false,\"confirm\":\""
                                        + SafetySettings.CONFIRMATION + "\"}) before a live campaign");
                    }
                    if (!dry && !safety.senderIdentityComplete()) {
                        throw new ConflictException(
                                "dryRun",
                                "the sender is not real yet: " + String.join("; ", safety.senderPlaceholders())
                                        + ". Set them before a live campaign");
                    }
                    if (!dry && messengers.forChannel(channel).isEmpty()) {
                        throw new ConflictException("channel", "no provider is configured for " + channel.dbValue());
                    }
                    if (!dry && channel == Channel.EMAIL && senderDomain.enforced()) {
                        SenderDomain verdict = senderDomain.latest();
                        if (verdict == null || !verdict.ok()) {
                            throw new ConflictException(
                                    "channel",
                                    "live email is held until the sender domain "
                                            + senderDomain.domain()
                                            + " is ready (OUTREACH_DELIVERABILITY_CHECK=enforce): "
                                            + (verdict == null
                                                    ? "its DNS records have not been read yet"
                                                    : String.join("; ", verdict.problems()))
                                            + ". Publish the records, then check again in Settings (POST /api/settings/sender-domain/check)");
                        }
                    }
                    return insert(channel, dry, trigger, runKey, actor, aim);
                })
                .invoke(id -> runner.run(id)
                        .subscribe()
                        .with(
                                done -> LOG.debugf("Campaign %d drafted", id),
                                failure -> LOG.errorf(failure, "Campaign %d could not be drafted", id)));
    }

    /**
     * The steps of this run: the configured sequence when it starts on the run's channel, otherwise
     * the one step on that channel.
     */
    List<SequenceStep> stepsFor(Channel channel) {
        return stepsFor(channel, live.current().sequence());
    }

    static List<SequenceStep> stepsFor(Channel channel, List<String> sequence) {
        List<SequenceStep> configured = SequenceStep.parse(sequence);
        return configured.get(0).channel() == channel ? configured : List.of(new SequenceStep(channel, 0));
    }

    private Uni<Long> insert(Channel channel, boolean dry, String trigger, String runKey, String actor, Aim aim) {
        List<SequenceStep> sequence =
                stepsFor(channel, aim.sequence() == null ? live.current().sequence() : aim.sequence());
        JsonArray steps = new JsonArray();
        sequence.forEach(step -> steps.add(
                new JsonObject().put("channel", step.channel().dbValue()).put("afterDays", step.afterDays())));
        return pool.withTransaction(conn -> campaigns
                .start(
                        conn,
                        channel,
                        dry,
                        trigger,
                        runKey,
                        actor,
                        steps,
                        aim.definition(),
                        aim.segment(),
                        aim.language())
                .flatMap(started -> {
                    if (started == null) {
                        return conn.preparedQuery("""
                                select id from campaign
                                where (definition_id = $2 or ($2 is null and definition_id is null and channel = $1))
                                  and status in ('queued', 'running', 'awaiting_approval')""")
                                .execute(Tuple.of(channel.dbValue(), aim.definition()))
                                .map(active -> {
                                    throw new ConflictException(
                                            "channel",
                                            active.size() == 0
                                                    ? "this scheduled run was already started"
                                                    : "run "
                                                            + active.iterator()
                                                                    .next()
                                                                    .getLong("id")
                                                            + (aim.definition() == null
                                                                    ? " of every lead on " + channel.dbValue()
                                                                    : " of this saved campaign")
                                                            + " is still running or awaiting approval; "
                                                            + "wait until it completes");
                                });
                    }
                    long id = started;
                    return audit.record(
                                    conn,
                                    AuditEntry.of(actor, "campaign.started")
                                            .entity("campaign", id)
                                            .detail("channel", channel.dbValue())
                                            .detail("dryRun", dry)
                                            .detail("trigger", trigger)
                                            .detail("sequence", sequence.toString())
                                            .detail("definition", aim.definition())
                                            .detail(
                                                    "segment",
                                                    aim.segment().any()
                                                            ? null
                                                            : aim.segment().describe())
                                            .detail(
                                                    "language",
                                                    aim.language() == null
                                                            ? null
                                                            : aim.language().tag()))
                            .replaceWith(id);
                }));
    }
}
