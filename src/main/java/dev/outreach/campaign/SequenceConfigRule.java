package dev.outreach.campaign;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SettingProblem;
import jakarta.inject.Singleton;
import java.util.List;

/** The sequence must parse: {@code email,call+3d,email+7d}. */
@Singleton
public class SequenceConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        return List.of();
    }

    @Override
    public List<SettingProblem> problems(Operating operating) {
        try {
            SequenceStep.parse(operating.sequence());
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new SettingProblem("sequence", "OUTREACH_CAMPAIGN_SEQUENCE: " + e.getMessage()));
        }
    }
}
