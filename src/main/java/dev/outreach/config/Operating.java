package dev.outreach.config;

import java.net.URI;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings an admin changes at run time from the console: caps, the domain throttle,
 * the cool-down, the calling window, the business time zone, the sender's identity, who receives
 * reports and alerts, and the sequence. The environment gives the first values; the settings store
 * keeps the admin's in the database. {@link LiveSettings} holds the ones in force.
 *
 * @param sequence the steps, as {@code OUTREACH_CAMPAIGN_SEQUENCE} writes them: {@code email,email+4d}
 */
public record Operating(
        int emailDailyCap,
        int callDailyCap,
        int domainHourlyCap,
        int cooldownDays,
        LocalTime callWindowStart,
        LocalTime callWindowEnd,
        ZoneId timezone,
        Sender sender,
        List<String> operatorEmails,
        List<String> sequence) {

    /** No call may start outside 08:00–21:00 in the lead's time zone, whatever the window says. */
    public static final LocalTime EARLIEST_CALL = LocalTime.of(8, 0);

    public static final LocalTime LATEST_CALL = LocalTime.of(21, 0);

    public Operating {
        operatorEmails = List.copyOf(operatorEmails);
        sequence = List.copyOf(sequence);
    }

    /** The sender's identity, as {@link CampaignConfig.Sender} reads it from the environment. */
    public record Sender(
            String name, String company, String address, String email, String pitch, URI privacyUrl, URI schedulingUrl)
            implements CampaignConfig.Sender {}

    /** The values the environment gives. */
    public static Operating of(OutreachConfig config) {
        CampaignConfig.Sender s = config.sender();
        return new Operating(
                config.email().dailyCap(),
                config.call().dailyCap(),
                config.domainHourlyCap(),
                config.cooldownDays(),
                config.call().windowStart(),
                config.call().windowEnd(),
                config.timezone(),
                new Sender(s.name(), s.company(), s.address(), s.email(), s.pitch(), s.privacyUrl(), s.schedulingUrl()),
                config.operatorEmails().orElse(List.of()),
                config.campaign().sequence());
    }

    /** Whether someone receives reports and alerts: at least one address that is not a placeholder. */
    public boolean alertsReachSomeone() {
        return operatorEmails.stream().anyMatch(address -> !SenderIdentity.placeholderEmail(address));
    }

    /**
     * What single values get wrong, with the messages start-up gives for them; the features' own
     * rules ({@link ConfigRule#problems(Operating)}) check how values go together.
     */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        atLeastZero(problems, "emailDailyCap", "OUTREACH_EMAIL_DAILY_CAP", emailDailyCap);
        atLeastZero(problems, "callDailyCap", "OUTREACH_CALL_DAILY_CAP", callDailyCap);
        atLeastZero(problems, "domainHourlyCap", "OUTREACH_DOMAIN_HOURLY_CAP", domainHourlyCap);
        atLeastZero(problems, "cooldownDays", "OUTREACH_COOLDOWN_DAYS", cooldownDays);
        // The form says "never before 08:00 or after 21:00": the legal floor is refused here, not only clamped
        // call by call (issue 29).
        if (callWindowStart.isBefore(EARLIEST_CALL)) {
            problems.add(new SettingProblem(
                    "callWindowStart",
                    "OUTREACH_CALL_WINDOW_START " + callWindowStart + " is before " + EARLIEST_CALL
                            + ": no call may start earlier, in the lead's time zone"));
        }
        if (callWindowEnd.isAfter(LATEST_CALL)) {
            problems.add(new SettingProblem(
                    "callWindowEnd",
                    "OUTREACH_CALL_WINDOW_END " + callWindowEnd + " is after " + LATEST_CALL
                            + ": no call may start later, in the lead's time zone"));
        }
        notBlank(problems, "senderName", "OUTREACH_SENDER_NAME", sender.name());
        notBlank(problems, "senderCompany", "OUTREACH_SENDER_COMPANY", sender.company());
        notBlank(problems, "senderAddress", "OUTREACH_SENDER_ADDRESS", sender.address());
        notBlank(problems, "senderEmail", "OUTREACH_SENDER_EMAIL", sender.email());
        if (sender.email() != null
                && !sender.email().isBlank()
                && !sender.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(new SettingProblem(
                    "senderEmail", "OUTREACH_SENDER_EMAIL '" + sender.email() + "' is not an email address"));
        }
        for (String address : operatorEmails) {
            if (!address.matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+")) {
                problems.add(new SettingProblem(
                        "operatorEmails", "OUTREACH_OPERATOR_EMAILS: '" + address + "' is not an email address"));
            }
        }
        return problems;
    }

    private static void atLeastZero(List<SettingProblem> problems, String field, String variable, int value) {
        if (value < 0) {
            problems.add(new SettingProblem(field, variable + " must be 0 or more"));
        }
    }

    private static void notBlank(List<SettingProblem> problems, String field, String variable, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new SettingProblem(field, variable + " must not be blank"));
        }
    }
}
