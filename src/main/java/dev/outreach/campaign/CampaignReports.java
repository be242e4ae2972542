package dev.outreach.campaign;

import dev.outreach.alert.OperatorMail;
import dev.outreach.config.OutreachConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A completed run's report to the operators: its messages by status, the commonest
 * errors, each template's results, and where to read more. The run's duration goes to the metrics.
 * A report that cannot be mailed is logged; the run stays completed.
 */
@ApplicationScoped
class CampaignReports {

    private static final Logger LOG = Logger.getLogger(CampaignReports.class);

    private final OperatorMail mail;
    private final MeterRegistry metrics;
    private final CampaignQueries queries;
    private final OutreachConfig config;

    CampaignReports(OperatorMail mail, MeterRegistry metrics, CampaignQueries queries, OutreachConfig config) {
        this.mail = mail;
        this.metrics = metrics;
        this.queries = queries;
        this.config = config;
    }

    /** Mails the report of a run just completed (a row of {@code Campaigns.completeFinished}). */
    Uni<Void> mail(Row row) {
        long id = row.getLong("id");
        String channel = row.getString("channel");
        Duration took = Duration.between(row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"));
        metrics.timer("outreach.campaign.duration", "channel", channel).record(took);
        JsonObject report = row.getJsonObject("report");
        StringBuilder text = new StringBuilder("Campaign " + id + " (" + channel
                + (row.getBoolean("dry_run") ? ", dry-run" : ", live") + ") completed in " + took.toMinutes()
                + " min.\n\nMessages by status:\n");
        report.getMap()
                .forEach((status, count) -> text.append("  ")
                        .append(status)
                        .append(": ")
                        .append(count)
                        .append('\n'));
        JsonArray errors = row.getJsonObject("errors").getJsonArray("top");
        if (errors != null && !errors.isEmpty()) {
            text.append("\nWhat went wrong, the commonest first:\n");
            errors.forEach(e -> {
                JsonObject error = (JsonObject) e;
                text.append("  ")
                        .append(error.getInteger("count"))
                        .append(" × ")
                        .append(error.getString("status"))
                        .append(": ")
                        .append(error.getString("error"))
                        .append('\n');
            });
        } else {
            text.append("\nNo message failed, bounced, was held or cancelled with an error.\n");
        }
        return queries.variants(id)
                .flatMap(variants -> {
                    if (!variants.isEmpty()) {
                        text.append("\nBy template (written / sent / replies / opt-outs):\n");
                        variants.forEach(v -> text.append("  ")
                                .append(v.template())
                                .append(": ")
                                .append(v.written())
                                .append(" / ")
                                .append(v.sent())
                                .append(" / ")
                                .append(v.replies())
                                .append(" / ")
                                .append(v.optOuts())
                                .append('\n'));
                    }
                    text.append("\nDetails: ")
                            .append(config.publicBaseUrl())
                            .append("/api/campaigns/")
                            .append(id)
                            .append('\n');
                    return mail.send("Campaign " + id + " report", text.toString());
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Could not mail the report of campaign %d: %s", id, e.toString()))
                .onFailure()
                .recoverWithNull();
    }
}
