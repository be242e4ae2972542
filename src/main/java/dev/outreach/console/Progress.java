package dev.outreach.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A background job's progress as server-sent events (imports, lead searches): read every half second,
 * sent as JSON, and ending after the first reading whose {@code status} is no longer {@code running}.
 */
final class Progress {

    static final Duration TICK = Duration.ofMillis(500);
    private static final JsonObject END = new JsonObject();

    private Progress() {}

    static Multi<String> events(Supplier<Uni<JsonObject>> read) {
        return Multi.createFrom()
                .ticks()
                .every(TICK)
                // A slow read skips a tick rather than failing the stream.
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> read.get())
                .onItem()
                .transformToMultiAndConcatenate(json -> "running".equals(json.getString("status"))
                        ? Multi.createFrom().item(json)
                        : Multi.createFrom().items(json, END))
                .select()
                .first(json -> json != END)
                // A job that does not exist (or was erased) ends the stream quietly: the page says what it knows.
                .onFailure(dev.outreach.common.NotFoundException.class)
                .recoverWithCompletion()
                .map(JsonObject::encode);
    }
}
