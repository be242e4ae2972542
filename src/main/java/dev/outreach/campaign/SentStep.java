package dev.outreach.campaign;

import dev.outreach.compose.Recipient;
import dev.outreach.contact.Channel;
import dev.outreach.language.Language;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * A sent (or dry-run) step of a sequence whose follow-up is not planned yet, with what the lead's
 * next steps need to know: the campaign's sequence and the lead's contacts as verified.
 */
record SentStep(
        UUID messageId,
        long leadId,
        long campaignId,
        int step,
        boolean dryRun,
        Instant doneAt,
        JsonArray sequence,
        Recipient recipient,
        String email,
        String phone,
        String country,
        boolean emailOk,
        boolean phoneOk) {

    /** Reads one row of {@link SequenceAdvancer}'s due query; a lead without a language gets the default. */
    static SentStep of(Row row, Language defaultLanguage) {
        String tag = row.getString("language");
        return new SentStep(
                row.getUUID("id"),
                row.getLong("lead_id"),
                row.getLong("campaign_id"),
                row.getInteger("sequence_step"),
                row.getBoolean("dry_run"),
                row.getOffsetDateTime("done_at").toInstant(),
                (JsonArray) row.getValue("sequence"),
                new Recipient(
                        row.getLong("lead_id"),
                        row.getString("business_name"),
                        row.getString("category"),
                        row.getString("city"),
                        tag == null ? defaultLanguage : Language.ofTag(tag)),
                row.getString("email"),
                row.getString("phone"),
                row.getString("country"),
                row.getBoolean("email_verified"),
                row.getBoolean("phone_verified"));
    }

    /** The lead's address on a channel: the email, or the phone for calls and texts. */
    String recipient(Channel channel) {
        return channel == Channel.EMAIL ? email : phone;
    }

    /** The sequence's channel at a 0-based index. */
    Channel channelAt(int index) {
        return Channel.fromDb(sequence.getJsonObject(index).getString("channel"));
    }
}
