package dev.outreach.spamcheck;

import dev.outreach.approval.ApprovalService;
import dev.outreach.approval.Approvals;
import dev.outreach.channel.Outgoing;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.deliverability.SpamScorer;
import dev.outreach.outbox.Assembler;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Scores each email draft with SpamAssassin before an operator reviews it: the whole
 * message as it would leave — our headers, the body and the compliance footer with its unsubscribe
 * link. Drafts waiting for review are picked up every few seconds; an edit clears the score and the
 * edited text is scored on the next pass. With approval off, a draft opened to be scored first leaves
 * once scored within the threshold ({@link ApprovalService#approveScored()}). Without spamd ({@code OUTREACH_SPAMD_HOST}) nothing is
 * scored and the queue says so.
 */
@ApplicationScoped
public class DraftScoring implements dev.outreach.approval.SpamScores {

    private static final Logger LOG = Logger.getLogger(DraftScoring.class);
    static final int BATCH = 20;
    private static final Session MIME = Session.getInstance(new Properties());

    private final Pool pool;
    private final Approvals approvals;
    private final Assembler assembler;
    private final SpamScorer scorer;
    private final TimeSource clock;
    private final ApprovalService review;
    private final dev.outreach.alert.Alerts alerts;
    private final dev.outreach.config.OutreachConfig config;

    DraftScoring(
            Pool pool,
            Approvals approvals,
            Assembler assembler,
            SpamScorer scorer,
            TimeSource clock,
            ApprovalService review,
            dev.outreach.alert.Alerts alerts,
            dev.outreach.config.OutreachConfig config) {
        this.alerts = alerts;
        this.config = config;
        this.clock = clock;
        this.review = review;
        this.pool = pool;
        this.approvals = approvals;
        this.assembler = assembler;
        this.scorer = scorer;
    }

    @Leased(value = "draft-scoring", seconds = 10)
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        // Fails safe and says so: an unscored email draft is not approved, and the owner is alerted why.
        return pass().onFailure().recoverWithUni(e -> {
            String why = "Scoring the email drafts in the queue failed (" + e.getMessage() + "). Unscored email drafts "
                    + "stay in the queue and none is approved or sent until scoring works again.";
            return alerts.raise("failing", "failing:spam-scoring", "Drafts cannot be scored", why)
                    .onFailure()
                    .recoverWithUni(
                            x -> alerts.raiseWithoutDatabase("failing:spam-scoring", "Drafts cannot be scored", why));
        });
    }

    /** One pass: what waits is scored, and the drafts to leave once scored (approval off) are approved. */
    public Uni<Void> pass() {
        // Without spamd nothing is scored, so nothing waits to leave once scored: no query every 5 seconds.
        if (!scorer.configured()) {
            return Uni.createFrom().voidItem();
        }
        return scorePending().flatMap(n -> review.approveScored()).replaceWithVoid();
    }

    @Override
    public boolean configured() {
        return scorer.configured();
    }

    /** Scores what waits, a batch at a time, until nothing does or spamd stops answering; returns how many. */
    @Override
    public Uni<Integer> scorePending() {
        if (!scorer.configured()) {
            return Uni.createFrom().item(0);
        }
        return pool.withConnection(conn -> approvals.unscored(conn, BATCH))
                .flatMap(batch -> Multi.createFrom()
                        .iterable(batch)
                        .onItem()
                        .transformToUniAndConcatenate(this::score)
                        .collect()
                        .asList()
                        .flatMap(results -> {
                            int kept = (int) results.stream()
                                    .filter(Boolean::booleanValue)
                                    .count();
                            boolean more = batch.size() == BATCH && kept == batch.size();
                            return more
                                    ? scorePending().map(n -> n + kept)
                                    : Uni.createFrom().item(kept);
                        }));
    }

    private Uni<Boolean> score(Approvals.Unscored draft) {
        return scorer.score(rfc822(draft))
                .flatMap(score -> pool.withConnection(
                        conn -> approvals.scored(conn, draft.id(), draft.version(), score.score(), score.rules())))
                .onFailure()
                .recoverWithItem(failure -> {
                    // Not silent (issue 29): an unscored email draft is not approved while spamd is configured.
                    LOG.warnf(
                            "spamd did not score approval %d, which stays unapproved until it does: %s",
                            draft.id(), failure.getMessage());
                    return false;
                });
    }

    /** The draft as it would leave, in RFC 5322 form, its footer in the lead's language. */
    String rfc822(Approvals.Unscored draft) {
        dev.outreach.language.Language language = draft.language() == null
                ? config.defaultLanguage()
                : dev.outreach.language.Language.ofTag(draft.language());
        Assembler.Assembled assembled = assembler.email(
                draft.messageId(),
                draft.recipient(),
                draft.subject(),
                draft.body(),
                draft.businessName(),
                new Assembler.Notice(null, false, language));
        Outgoing.Email email = (Outgoing.Email) assembled.outgoing();
        try {
            MimeMessage mime = new MimeMessage(MIME);
            mime.setFrom(new InternetAddress(email.fromAddress(), email.fromName(), StandardCharsets.UTF_8.name()));
            mime.setRecipients(jakarta.mail.Message.RecipientType.TO, email.to());
            mime.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            mime.setSentDate(Date.from(clock.now()));
            mime.setText(email.text(), StandardCharsets.UTF_8.name());
            mime.saveChanges();
            for (var header : email.headers().entrySet()) {
                mime.setHeader(header.getKey(), header.getValue());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot render approval " + draft.id() + " for scoring", e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
