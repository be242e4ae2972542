package dev.outreach.deliverability;

import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loads the sending domain's facts for the gate and the pages: its DNS verdict, brakes and warm-up. */
@ApplicationScoped
public class Deliverability {

    private final OutreachConfig config;
    private final LiveSettings live;
    private final SenderDomainCheck check;
    private final Pool pool;

    Deliverability(OutreachConfig config, LiveSettings live, SenderDomainCheck check, Pool pool) {
        this.config = config;
        this.live = live;
        this.check = check;
        this.pool = pool;
    }

    /** A banner for every console page: why email is held or at risk; null when all is well. */
    public record Banner(String title, String text) {}

    public Uni<Banner> banner() {
        SenderDomain verdict = check.latest();
        return Brakes.of(pool, check.domain()).map(brakes -> {
            Brakes.Brake engaged =
                    brakes.stream().filter(Brakes.Brake::engaged).findFirst().orElse(null);
            if (engaged != null) {
                return new Banner("EMAIL STOPPED", engaged.reason() + "; an admin lifts the brake in Settings");
            }
            if (verdict != null && !verdict.ok()) {
                return new Banner(
                        check.enforced() ? "LIVE EMAIL HELD" : "SENDER DOMAIN NOT READY",
                        verdict.problems().get(0).replaceFirst(";.*", "") + " — see Settings for what to publish");
            }
            return null;
        });
    }

    public String domain() {
        return check.domain();
    }

    public Uni<Sending> facts(SqlClient conn, Instant now) {
        String domain = check.domain();
        return Brakes.of(conn, domain)
                .flatMap(brakes -> SendingDomains.firstLive(conn, domain).map(firstLive -> {
                    Brakes.Brake engaged = brakes.stream()
                            .filter(Brakes.Brake::engaged)
                            .findFirst()
                            .orElse(null);
                    return new Sending(
                            domain,
                            check.latest(),
                            check.enforced(),
                            engaged,
                            warmUp(brakes, firstLive, now),
                            firstLive);
                }));
    }

    private WarmUp.Today warmUp(List<Brakes.Brake> brakes, Instant firstLive, Instant now) {
        SendingConfig.Warmup warmup = config.warmup();
        if (warmup.start() == 0) {
            return null;
        }
        ZoneId zone = live.current().timezone();
        LocalDate today = now.atZone(zone).toLocalDate();
        return WarmUp.today(
                firstLive == null ? null : firstLive.atZone(zone).toLocalDate(),
                today,
                brakeDays(brakes, zone, today),
                warmup.start(),
                warmup.dailyGrowth(),
                live.current().emailDailyCap());
    }

    /** Each business-zone day on which a brake was engaged for some time. */
    static Set<LocalDate> brakeDays(List<Brakes.Brake> brakes, ZoneId zone, LocalDate today) {
        Set<LocalDate> days = new HashSet<>();
        for (Brakes.Brake b : brakes) {
            LocalDate from = b.engagedAt().atZone(zone).toLocalDate();
            LocalDate to =
                    b.liftedAt() == null ? today : b.liftedAt().atZone(zone).toLocalDate();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        return days;
    }
}
