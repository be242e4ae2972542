package dev.outreach.compose;

import dev.outreach.common.EveryReplica;
import dev.outreach.compose.TemplateBook.Step;
import dev.outreach.language.Language;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's {@link TemplateBook} in step with {@code message_template}: read at start,
 * again after this replica saves or retires a version, and every ten seconds when another replica did
 * (a mark of the newest id and the retirements tells). A saved version the book cannot use is logged,
 * and its step writes with the shipped template.
 */
@ApplicationScoped
class TemplatesInForce {

    private static final Logger LOG = Logger.getLogger(TemplatesInForce.class);

    private final Pool pool;
    private final TemplateBook book;
    private volatile long loaded = -1;

    TemplatesInForce(Pool pool, TemplateBook book) {
        this.pool = pool;
        this.book = book;
    }

    void load(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    /** Another replica's change, read back. */
    @EveryReplica("refreshes this replica's own copy of the templates")
    @Scheduled(
            identity = "template-refresh",
            every = "10s",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("select coalesce(max(id), 0) + count(retired_at) as mark from message_template")
                .execute()
                .flatMap(rows -> rows.iterator().next().getLong("mark") == loaded
                        ? Uni.createFrom().voidItem()
                        : reload())
                .onFailure()
                .invoke(e -> LOG.warnf("Reading the templates: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** Reads the versions in force into the book. */
    Uni<Void> reload() {
        return pool.query("""
                select distinct on (step, language, variant) *,
                       (select coalesce(max(id), 0) + count(retired_at) from message_template) as mark
                from message_template where retired_at is null
                order by step, language, variant, version desc""")
                .execute()
                .invoke(rows -> {
                    List<TemplateBook.Version> versions = new ArrayList<>();
                    long mark = 0;
                    for (Row row : rows) {
                        versions.add(version(row));
                        mark = row.getLong("mark");
                    }
                    book.replace(versions)
                            .forEach((version, why) -> LOG.errorf(
                                    "Template %s is not used (its step writes with the shipped template): %s",
                                    version.label(), why));
                    loaded = mark;
                })
                .replaceWithVoid();
    }

    /** A stored row as the book holds it. */
    static TemplateBook.Version version(Row row) {
        return new TemplateBook.Version(
                Step.of(row.getString("step")),
                row.getString("variant"),
                row.getInteger("version"),
                row.getString("subject"),
                row.getString("body"),
                Language.ofTag(row.getString("language")));
    }
}
