package dev.outreach.console;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.feedback.Replies;
import dev.outreach.mailbox.MailboxReader;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * What leads wrote back: newest first, with the intent read from each reply and who
 * classified it; the operator marks a reply handled. New replies are announced live (server-sent
 * events) while the page is open.
 */
@Path("/console/replies")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class RepliesPage {

    static final int PAGE = 50;

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final Pool pool;
    private final Replies replies;
    private final AuditLog audit;
    private final MailboxReader mailbox;
    private final OutreachConfig config;

    RepliesPage(ConsoleChrome chrome, SecurityIdentity identity, Pool pool, Replies replies, AuditLog audit,
            MailboxReader mailbox, OutreachConfig config) {
        this.chrome = chrome;
        this.identity = identity;
        this.pool = pool;
        this.replies = replies;
        this.audit = audit;
        this.mailbox = mailbox;
        this.config = config;
    }

    /** Whether what comes back to the sender's own mailbox is read, in the owner's words. */
    public record MailboxNote(boolean read, boolean ok, String text) {
    }

    private MailboxNote mailboxNote() {
        String address = config.sender().email();
        if (!mailbox.configured()) {
            return new MailboxNote(false, false, "Replies sent to your mailbox (" + address + ") are not read: only "
                    + "webhook replies appear here. Set OUTREACH_IMAP_HOST, OUTREACH_IMAP_USERNAME and "
                    + "OUTREACH_IMAP_PASSWORD so that replies, bounces and unsubscribes sent there count.");
        }
        return mailbox.lastRead().map(state -> state.ok()
                ? new MailboxNote(true, true, "Your mailbox " + config.imap().username().orElse("") + " is read every "
                        + config.imap().pollSeconds() + " s; last read " + state.at() + ".")
                : new MailboxNote(true, false, "Your mailbox could not be read at " + state.at() + ": "
                        + state.problem()))
                .orElse(new MailboxNote(true, true, "Your mailbox " + config.imap().username().orElse("")
                        + " is read every " + config.imap().pollSeconds() + " s."));
    }

    public record ReplyRow(long id, Long leadId, String businessName, String channel, String from, String subject,
            String body, String intent, String classifiedBy, OffsetDateTime receivedAt, String handledBy) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance replies(Chrome chrome, List<ReplyRow> replies, String next, long newestId,
                boolean open, MailboxNote mailbox);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@QueryParam("after") String after, @QueryParam("open") String open,
            @CookieParam(Flash.COOKIE) String flash) {
        Long afterId;
        try {
            afterId = Cursor.id(after);
        } catch (InvalidInputException e) {
            afterId = null;
        }
        boolean onlyOpen = "1".equals(open);
        Long cursor = afterId;
        return chrome.of(identity, flash, "replies").flatMap(c -> pool.preparedQuery("""
                select r.id, r.lead_id, l.business_name, r.channel, r.from_contact, r.subject, r.body, r.intent,
                       r.classified_by, r.received_at, r.handled_by
                from reply r left join lead l on l.id = r.lead_id
                where r.id < $1 and ($2 = false or r.handled_at is null)
                order by r.id desc limit $3""")
                .execute(Tuple.of(cursor == null ? Long.MAX_VALUE : cursor, onlyOpen, PAGE + 1)).map(rows -> {
                    List<ReplyRow> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(new ReplyRow(r.getLong("id"), r.getLong("lead_id"), r.getString("business_name"),
                                r.getString("channel"), r.getString("from_contact"), r.getString("subject"),
                                r.getString("body"), r.getString("intent"), r.getString("classified_by"),
                                r.getOffsetDateTime("received_at"), r.getString("handled_by")));
                    }
                    String next = found.size() > PAGE ? Cursor.ofId(found.get(PAGE - 1).id()) : null;
                    List<ReplyRow> shown = found.size() > PAGE ? found.subList(0, PAGE) : found;
                    long newest = shown.isEmpty() ? 0 : shown.get(0).id();
                    return Response.ok(Templates.replies(c, shown, next, newest, onlyOpen, mailboxNote())).cookie(Flash.clear())
                            .build();
                }));
    }

    @POST
    @Path("/{id}/handled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> handled(@PathParam("id") long id) {
        String actor = Actor.of(identity);
        return pool.withTransaction(conn -> replies.markHandled(conn, id, actor)
                .flatMap(leadId -> leadId == null ? Uni.createFrom().voidItem()
                        : audit.record(conn, AuditEntry.of(actor, "reply.handled").entity("reply", id).lead(leadId))))
                .map(x -> Flash.redirect("/console/replies", "Marked reply " + id + " as handled."));
    }

    /** The number of replies newer than {@code since}, every two seconds, while the page is open. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> events(@QueryParam("since") long since) {
        return Multi.createFrom().ticks().every(Duration.ofSeconds(2))
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> pool.preparedQuery(
                        "select count(*) as n from reply where id > $1").execute(Tuple.of(since))
                        .map(rows -> new JsonObject().put("newReplies", rows.iterator().next().getLong("n")).encode()));
    }
}
