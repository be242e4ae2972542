package dev.outreach.gate;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SettingProblem;
import jakarta.inject.Singleton;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gate's own settings: a calling window that can open, country caps by ISO code. */
@Singleton
public class GateConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> cap : config.call().countryCaps().entrySet()) {
            if (!cap.getKey().matches("[A-Z]{2}")) {
                problems.add("outreach.call.country-caps." + cap.getKey()
                        + ": the country must be an ISO 3166 alpha-2 code in capitals, e.g. IN");
            }
        }
        return problems;
    }

    /** A calling window that can open (at start-up, and when an admin changes it). */
    @Override
    public List<SettingProblem> problems(Operating operating) {
        List<SettingProblem> problems = new ArrayList<>();
        LocalTime start = operating.callWindowStart();
        LocalTime end = operating.callWindowEnd();
        if (!end.isAfter(start)) {
            problems.add(new SettingProblem(
                    "callWindowEnd",
                    "OUTREACH_CALL_WINDOW_END (" + end + ") must be after OUTREACH_CALL_WINDOW_START (" + start + ")"));
        }
        if (!end.isAfter(Operating.EARLIEST_CALL) || !start.isBefore(Operating.LATEST_CALL)) {
            problems.add(new SettingProblem(
                    "callWindowStart",
                    "the calling window " + start + "–" + end
                            + " lies outside 08:00–21:00 local time, so no call could ever be placed"));
        }
        return problems;
    }
}
