package dev.outreach.console;

import dev.outreach.approval.ApprovalQueries;
import dev.outreach.approval.ApprovalService;
import dev.outreach.approval.ApprovalStatus;
import dev.outreach.approval.ApprovalView;
import dev.outreach.approval.DraftEdits;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.config.OutreachConfig;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/** The approval queue page: review drafts one by one, approve or reject with a reason. */
@Path("/console/approvals")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ApprovalPage {

    private static final String HERE = "/console/approvals";
    /** Cards on one page of the queue. */
    static final int PAGE = 25;

    private static final List<String> CHANNELS = List.of("email", "call", "sms", "whatsapp");

    private final ApprovalQueries queries;
    private final ApprovalService approvals;
    private final DraftEdits edits;
    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;

    private final Spam spam;

    /** Whether drafts are scored (OUTREACH_SPAMD_HOST) and the score above which one cannot be approved unedited. */
    public record Spam(boolean scored, double threshold) {}

    ApprovalPage(
            ApprovalQueries queries,
            ApprovalService approvals,
            DraftEdits edits,
            ConsoleChrome chrome,
            SecurityIdentity identity,
            OutreachConfig config) {
        this.spam = new Spam(config.spamd().configured(), config.spamThreshold());
        this.queries = queries;
        this.approvals = approvals;
        this.edits = edits;
        this.chrome = chrome;
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance approvals(
                Chrome chrome, Page<ApprovalView> page, String channel, Spam spam, long waiting, boolean firstPage);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> queue(
            @QueryParam("after") String after,
            @QueryParam("channel") String channel,
            @CookieParam(Flash.COOKIE) String flash) {
        Long afterId = safeCursor(after);
        String only = channel != null && CHANNELS.contains(channel) ? channel : null;
        return chrome.of(identity, flash, "approvals")
                .flatMap(c -> queries.page(ApprovalStatus.PENDING, only, afterId, PAGE)
                        .flatMap(page -> queries.count(ApprovalStatus.PENDING, only)
                                .map(waiting -> Response.ok(
                                                Templates.approvals(c, page, only, spam, waiting, afterId == null))
                                        .cookie(Flash.clear())
                                        .build())));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> approve(@PathParam("id") long id) {
        return approvals
                .approve(id, Actor.of(identity))
                .flatMap(x -> business(id))
                .map(name -> Flash.redirect(
                        HERE,
                        "Approved the draft to " + name + ": the compliance gate checks it " + "before it leaves."))
                .onFailure(e -> e instanceof ConflictException || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect(HERE, e.getMessage()));
    }

    @POST
    @Path("/{id}/approve-unscored")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> approveUnscored(@PathParam("id") long id, @RestForm String reason) {
        return Uni.createFrom()
                .deferred(() -> approvals.approveUnscored(id, reason, Actor.of(identity)))
                .flatMap(x -> business(id))
                .map(name -> Flash.redirect(
                        HERE,
                        "Approved the draft to " + name + " without a spam score: the "
                                + "compliance gate checks it before it leaves, and the audit log keeps your reason."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof NotFoundException
                        || e instanceof InvalidInputException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        e instanceof InvalidInputException invalid
                                ? "Not approved: " + Problems.of(invalid)
                                : e.getMessage()));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reject(@PathParam("id") long id, @RestForm String reason) {
        return Uni.createFrom()
                .deferred(() -> approvals.reject(id, reason, Actor.of(identity)))
                .flatMap(x -> business(id))
                .map(name -> Flash.redirect(HERE, "Rejected the draft to " + name + "."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof NotFoundException
                        || e instanceof InvalidInputException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        e instanceof InvalidInputException invalid
                                ? "Not rejected: " + Problems.of(invalid)
                                : e.getMessage()));
    }

    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> bulk(@RestForm List<Long> ids, @RestForm String action, @RestForm String reason) {
        if (ids == null || ids.isEmpty()) {
            return Uni.createFrom().item(Flash.redirect(HERE, "Tick at least one item first."));
        }
        boolean approve = "approve".equals(action);
        return Uni.createFrom()
                .deferred(() -> approve
                        ? approvals.approveAll(ids, Actor.of(identity))
                        : approvals.rejectAll(ids, reason, Actor.of(identity)))
                .map(result -> Flash.redirect(
                        HERE,
                        (approve ? "Approved " : "Rejected ")
                                + drafts(result.reviewed().size())
                                + (result.skipped().isEmpty()
                                        ? "."
                                        : "; " + drafts(result.skipped().size()) + " not: "
                                                + result.skipped().get(0).reason())))
                .onFailure(InvalidInputException.class)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        approve
                                ? "Nothing approved: " + Problems.of((InvalidInputException) e)
                                : "Nothing rejected: write why in the Reason box beside the Reject button."));
    }

    private static String drafts(int n) {
        return n == 1 ? "1 draft" : n + " drafts";
    }

    /** The business a draft is written to, as its card names it (issue 30: no internal ids in confirmations). */
    private Uni<String> business(long id) {
        return queries.one(id).map(ApprovalView::businessName).onFailure().recoverWithItem("the lead");
    }

    @POST
    @Path("/{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> edit(
            @PathParam("id") long id, @RestForm String subject, @RestForm String body, @RestForm Integer version) {
        return Uni.createFrom()
                .deferred(() -> edits.edit(id, subject, body, version, Actor.of(identity)))
                .map(x -> Flash.redirect(HERE + "#approval-" + id, "Saved your changes to item " + id + "."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof NotFoundException
                        || e instanceof InvalidInputException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        e instanceof InvalidInputException invalid
                                ? "Not saved: " + Problems.of(invalid)
                                : "Not saved: " + e.getMessage()));
    }

    private static Long safeCursor(String after) {
        try {
            return Cursor.id(after);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
