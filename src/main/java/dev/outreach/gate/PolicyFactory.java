package dev.outreach.gate;

import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import dev.outreach.contact.Channel;
import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.settings.SafetySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/** Builds the gate's {@link Policy} from configuration (limits) and the mode of one contact. */
@ApplicationScoped
public class PolicyFactory {

    private final OutreachConfig config;
    private final LiveSettings live;
    private final SafetySettings safety;

    private final CountryBook countries;

    PolicyFactory(OutreachConfig config, LiveSettings live, SafetySettings safety, CountryBook countries) {
        this.config = config;
        this.live = live;
        this.safety = safety;
        this.countries = countries;
    }

    public Policy policy(boolean dryRun) {
        PhoneConfig.Call call = config.call();
        Operating o = live.current();
        Map<Channel, Integer> caps = Map.of(
                Channel.EMAIL,
                o.emailDailyCap(),
                Channel.CALL,
                o.callDailyCap(),
                Channel.SMS,
                o.callDailyCap(),
                Channel.WHATSAPP,
                o.callDailyCap());
        return new Policy(
                caps,
                call.countryCaps(),
                o.domainHourlyCap(),
                Duration.ofDays(o.cooldownDays()),
                o.callWindowStart(),
                o.callWindowEnd(),
                call.weekdaysOnly(),
                o.timezone(),
                safety.senderIdentityComplete(),
                dryRun,
                countries.policies());
    }
}
