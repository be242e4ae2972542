package dev.outreach.deliverability;

import dev.outreach.config.OutreachConfig;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.NetClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * SpamAssassin's spamd over its own TCP protocol (SPAMC/1.5): {@code SYMBOLS} with the message's
 * exact length in bytes; spamd answers {@code Spam: False ; 2.1 / 5.0} and the names of the rules
 * that fired, then closes the connection. Non-blocking through Vert.x; a timeout and a breaker keep a
 * slow or absent spamd from holding up drafting.
 */
@ApplicationScoped
public class Spamd implements SpamScorer {

    /** spamd refuses larger messages by default (spamc's 500 KB limit); a draft is far smaller. */
    static final int MAX_BYTES = 500 * 1024;

    private final Vertx vertx;
    private final OutreachConfig config;
    private NetClient client;

    Spamd(Vertx vertx, OutreachConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    @PostConstruct
    void init() {
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
    }

    @Override
    public boolean configured() {
        return config.spamd().configured();
    }

    @Override
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("spamd")
    @NonBlocking
    public Uni<Score> score(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        if (body.length > MAX_BYTES) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException(
                            "message of " + body.length + " bytes is over spamd's limit of " + MAX_BYTES));
        }
        String head = "SYMBOLS SPAMC/1.5\r\nContent-length: " + body.length + "\r\nUser: outreach\r\n\r\n";
        Buffer request = Buffer.buffer(head).appendBytes(body);
        return client.connect(config.spamd().port(), config.spamd().host().orElseThrow())
                .flatMap(socket -> Uni.createFrom()
                        .<Buffer>emitter(done -> {
                            Buffer answer = Buffer.buffer();
                            socket.handler(answer::appendBuffer);
                            socket.endHandler(() -> done.complete(answer));
                            socket.exceptionHandler(done::fail);
                            socket.write(request).subscribe().with(ok -> {}, done::fail);
                        })
                        .onTermination()
                        .call(() -> socket.close().onFailure().recoverWithNull()))
                .map(answer -> parse(answer.toString(StandardCharsets.UTF_8)));
    }

    /** Reads spamd's answer: status line, headers, a blank line, the rule names separated by commas. */
    static Score parse(String answer) {
        int split = answer.indexOf("\r\n\r\n");
        String head = split < 0 ? answer : answer.substring(0, split);
        String body = split < 0 ? "" : answer.substring(split + 4);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("SPAMD/") || !"0".equals(status[1])) {
            throw new IllegalStateException("spamd answered '" + lines[0] + "'");
        }
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("spam:")) {
                // Spam: False ; 2.1 / 5.0
                String value =
                        line.substring(line.indexOf(';') + 1, line.indexOf('/')).strip();
                List<String> rules = Arrays.stream(body.strip().split(","))
                        .map(String::strip)
                        .filter(r -> !r.isEmpty())
                        .toList();
                return new Score(Double.parseDouble(value), rules);
            }
        }
        throw new IllegalStateException("spamd's answer has no Spam: header");
    }
}
