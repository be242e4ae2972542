package dev.outreach.approval;

import dev.outreach.common.Cursor;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads of the approval queue, for the API and the console alike. */
@ApplicationScoped
public class ApprovalQueries {

    private static final String WITH_MESSAGE_AND_LEAD = "from Approval a join fetch a.message m join fetch m.lead ";

    /** Oldest first, so the queue is worked in order; keyset on the id. */
    public Uni<Page<ApprovalView>> page(ApprovalStatus status, Long afterId, int limit) {
        return page(status, null, afterId, limit);
    }

    /** {@link #page(ApprovalStatus, Long, int)} for one channel only, when {@code channel} is given. */
    public Uni<Page<ApprovalView>> page(ApprovalStatus status, String channel, Long afterId, int limit) {
        long after = afterId == null ? 0L : afterId;
        return Panache.withSession(() -> (channel == null
                                ? Approval.<Approval>find(
                                        WITH_MESSAGE_AND_LEAD + "where a.status = ?1 and a.id > ?2 order by a.id",
                                        status,
                                        after)
                                : Approval.<Approval>find(
                                        WITH_MESSAGE_AND_LEAD
                                                + "where a.status = ?1 and a.id > ?2 and m.channel = ?3 order by a.id",
                                        status,
                                        after,
                                        channel))
                        .range(0, limit)
                        .list())
                .map(found -> Page.of(found, limit, a -> Cursor.ofId(a.id)).map(ApprovalView::of));
    }

    /** How many items have this status, of one channel when {@code channel} is given: the queue's count. */
    public Uni<Long> count(ApprovalStatus status, String channel) {
        return Panache.withSession(() -> channel == null
                ? Approval.count("status = ?1", status)
                : Approval.count("status = ?1 and message.channel = ?2", status, channel));
    }

    public Uni<ApprovalView> one(long id) {
        return Panache.withSession(() -> Approval.<Approval>find(WITH_MESSAGE_AND_LEAD + "where a.id = ?1", id)
                        .firstResult())
                .map(found -> {
                    if (found == null) {
                        throw NotFoundException.of("approval", id);
                    }
                    return ApprovalView.of((Approval) found);
                });
    }
}
