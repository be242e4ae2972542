package dev.outreach.gate;

import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.contact.Channel;
import dev.outreach.config.OutreachConfig;
import dev.outreach.settings.SafetySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/** Builds the gate's {@link Policy} from configuration (limits) and the mode of one contact. */
@ApplicationScoped
public class PolicyFactory {

    private final OutreachConfig config;
    private final SafetySettings safety;

    private final CountryBook countries;

    PolicyFactory(OutreachConfig config, SafetySettings safety, CountryBook countries) {
        this.config = config;
        this.safety = safety;
        this.countries = countries;
    }

    public Policy policy(boolean dryRun) {
        OutreachConfig.Call call = config.call();
        Map<Channel, Integer> caps = Map.of(Channel.EMAIL, config.email().dailyCap(), Channel.CALL, call.dailyCap(),
                Channel.SMS, call.dailyCap(), Channel.WHATSAPP, call.dailyCap());
        return new Policy(caps, call.countryCaps(), config.domainHourlyCap(), Duration.ofDays(config.cooldownDays()),
                call.windowStart(), call.windowEnd(), call.weekdaysOnly(), config.timezone(),
                safety.senderIdentityComplete(), dryRun, countries.policies());
    }
}
