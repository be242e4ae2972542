package dev.outreach.campaign;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import jakarta.inject.Singleton;
import java.util.List;

/** The configured sequence must parse: {@code email,call+3d,email+7d}. */
@Singleton
public class SequenceConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        try {
            SequenceStep.parse(config.campaign().sequence());
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("OUTREACH_CAMPAIGN_SEQUENCE: " + e.getMessage());
        }
    }
}
