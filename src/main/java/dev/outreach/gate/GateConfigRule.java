package dev.outreach.gate;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gate's own settings at start-up: a calling window that can open, country caps by ISO code. */
@Singleton
public class GateConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        OutreachConfig.Call call = config.call();
        if (!call.windowEnd().isAfter(call.windowStart())) {
            problems.add("OUTREACH_CALL_WINDOW_END (" + call.windowEnd()
                    + ") must be after OUTREACH_CALL_WINDOW_START (" + call.windowStart() + ")");
        }
        if (!call.windowEnd().isAfter(CallingWindow.EARLIEST_CALL) || !call.windowStart().isBefore(CallingWindow.LATEST_CALL)) {
            problems.add("the calling window " + call.windowStart() + "–" + call.windowEnd()
                    + " lies outside 08:00–21:00 local time, so no call could ever be placed");
        }
        for (Map.Entry<String, Integer> cap : call.countryCaps().entrySet()) {
            if (!cap.getKey().matches("[A-Z]{2}")) {
                problems.add("outreach.call.country-caps." + cap.getKey()
                        + ": the country must be an ISO 3166 alpha-2 code in capitals, e.g. IN");
            }
        }
        return problems;
    }
}
