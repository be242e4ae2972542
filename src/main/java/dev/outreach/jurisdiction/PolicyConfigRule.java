package dev.outreach.jurisdiction;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * At start-up: the country policy file ({@code OUTREACH_POLICY_FILE}) can be read and keeps the hard
 * floor, and India's DLT settings are whole (a promotional caller id is a 140-series number).
 */
@Singleton
public class PolicyConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        try {
            CountryBook.read(config);
        } catch (PolicyFileException e) {
            e.problems().forEach(p -> problems.add("OUTREACH_POLICY_FILE " + p));
        }
        config.whatsapp()
                .contentSid()
                .filter(sid -> !sid.matches("HX[0-9a-f]{32}"))
                .ifPresent(sid -> problems.add(
                        "OUTREACH_WHATSAPP_CONTENT_SID must be a Twilio Content SID (HX and 32 hex digits), not "
                                + sid));
        String dlt = CountryBook.dlt(config).problem();
        if (dlt != null) {
            problems.add(dlt);
        }
        return problems;
    }
}
