package dev.outreach.console;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.feedback.Replies;
import dev.outreach.inbox.Answers;
import dev.outreach.inbox.InboxQueries;
import dev.outreach.inbox.ReplyThread;
import dev.outreach.mailbox.MailboxReader;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.SafetySettings;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The inbox: what leads wrote back, newest first, each under what we had sent
 * and above our answers, with the intent read from it and who classified it. The operator answers an
 * email reply or marks it handled. New replies are announced live (server-sent events).
 */
@Path("/console/replies")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class RepliesPage {

    static final int PAGE = 50;

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final Pool pool;
    private final Replies replies;
    private final AuditLog audit;
    private final MailboxReader mailbox;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final InboxQueries inbox;
    private final Answers answers;
    private final SafetySettings safety;

    RepliesPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            Pool pool,
            Replies replies,
            AuditLog audit,
            MailboxReader mailbox,
            OutreachConfig config,
            LiveSettings live,
            InboxQueries inbox,
            Answers answers,
            SafetySettings safety) {
        this.chrome = chrome;
        this.identity = identity;
        this.pool = pool;
        this.replies = replies;
        this.audit = audit;
        this.mailbox = mailbox;
        this.config = config;
        this.live = live;
        this.inbox = inbox;
        this.answers = answers;
        this.safety = safety;
    }

    /** Whether what comes back to the sender's own mailbox is read, in the owner's words. */
    public record MailboxNote(boolean read, boolean ok, String text) {}

    private MailboxNote mailboxNote() {
        String address = live.current().sender().email();
        if (!mailbox.configured()) {
            return new MailboxNote(
                    false,
                    false,
                    "Replies sent to your mailbox (" + address + ") are not read: only "
                            + "webhook replies appear here. Set OUTREACH_IMAP_HOST, OUTREACH_IMAP_USERNAME and "
                            + "OUTREACH_IMAP_PASSWORD so that replies, bounces and unsubscribes sent there count.");
        }
        return mailbox.lastRead()
                .map(state -> state.ok()
                        ? new MailboxNote(
                                true,
                                true,
                                "Your mailbox " + config.imap().username().orElse("") + " is read every "
                                        + config.imap().pollSeconds() + " s; last read " + state.at() + ".")
                        : new MailboxNote(
                                true,
                                false,
                                "Your mailbox could not be read at " + state.at() + ": " + state.problem()))
                .orElse(new MailboxNote(
                        true,
                        true,
                        "Your mailbox " + config.imap().username().orElse("") + " is read every "
                                + config.imap().pollSeconds() + " s."));
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance replies(
                Chrome chrome,
                List<ReplyThread> replies,
                String next,
                long newestId,
                boolean open,
                MailboxNote mailbox,
                boolean dryRun);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(
            @QueryParam("after") String after,
            @QueryParam("open") String open,
            @CookieParam(Flash.COOKIE) String flash) {
        String cursor;
        try {
            cursor = Cursor.id(after) == null ? null : after;
        } catch (InvalidInputException e) {
            cursor = null;
        }
        boolean onlyOpen = "1".equals(open);
        String from = cursor;
        return chrome.of(identity, flash, "replies")
                .flatMap(c -> Uni.combine()
                        .all()
                        .unis(
                                inbox.threads(
                                        onlyOpen ? InboxQueries.Filter.OPEN : InboxQueries.Filter.ALL, from, PAGE),
                                safety.current())
                        .asTuple()
                        .map(t -> {
                            Page<ReplyThread> page = t.getItem1();
                            long newest = page.items().isEmpty()
                                    ? 0
                                    : page.items().get(0).id();
                            return Response.ok(Templates.replies(
                                            c,
                                            page.items(),
                                            page.next(),
                                            newest,
                                            onlyOpen,
                                            mailboxNote(),
                                            t.getItem2().dryRun()))
                                    .cookie(Flash.clear())
                                    .build();
                        }));
    }

    /** The operator's answer, from the form under a reply. */
    @POST
    @Path("/{id}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> answer(@PathParam("id") long id, @RestForm String body) {
        String here = "/console/replies#reply-" + id;
        return Uni.createFrom()
                .deferred(() -> answers.answer(id, body, Actor.of(identity)))
                .map(a -> Flash.redirect(
                        here,
                        a.dryRun()
                                ? "Dry-run is on: your answer to " + a.to()
                                        + " is recorded and shown here, but not sent."
                                : "Your answer to " + a.to() + " is queued and leaves within a minute."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof NotFoundException
                        || e instanceof InvalidInputException)
                .recoverWithItem(e -> Flash.redirect(
                        here,
                        "Not sent: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }

    @POST
    @Path("/{id}/handled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> handled(@PathParam("id") long id) {
        String actor = Actor.of(identity);
        return pool.withTransaction(conn -> replies.markHandled(conn, id, actor)
                        .flatMap(leadId -> leadId == null
                                ? Uni.createFrom().voidItem()
                                : audit.record(
                                        conn,
                                        AuditEntry.of(actor, "reply.handled")
                                                .entity("reply", id)
                                                .lead(leadId))))
                .map(x -> Flash.redirect("/console/replies", "Marked reply " + id + " as handled."));
    }

    /** The number of replies newer than {@code since}, every two seconds, while the page is open. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> events(@QueryParam("since") long since) {
        return Multi.createFrom()
                .ticks()
                .every(Duration.ofSeconds(2))
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> inbox.newerThan(since)
                        .map(n -> new JsonObject().put("newReplies", n).encode()));
    }
}
