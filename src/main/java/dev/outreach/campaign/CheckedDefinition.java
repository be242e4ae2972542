package dev.outreach.campaign;

import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Text;
import dev.outreach.contact.Channel;
import dev.outreach.lead.LeadIntake;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A saved campaign as the admin asked for it ({@link CampaignDefinitions.Request}), each field checked. */
record CheckedDefinition(
        String name,
        Channel channel,
        Segment segment,
        String sequence,
        String schedule,
        LocalTime at,
        String language) {

    /** The request with every field checked; every problem at once, named by field, when any is wrong. */
    static CheckedDefinition of(CampaignDefinitions.Request request) {
        if (request == null) {
            throw new InvalidInputException("body", "a JSON object with name, channel and segment is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null
                ? ""
                : Text.checked("name", request.name()).strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "is required, e.g. 'Pune dentists'"));
        } else if (name.length() > 80) {
            errors.add(new FieldError("name", "must be at most 80 characters"));
        }
        Channel channel = null;
        try {
            channel = CampaignService.channel(request.channel());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        Segment segment = Segment.ANY;
        try {
            segment = Segment.from(request.segment());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        String sequence = request.sequence() == null || request.sequence().isBlank()
                ? null
                : request.sequence().strip();
        if (sequence != null) {
            List<String> steps =
                    Arrays.stream(sequence.split(",")).map(String::strip).toList();
            try {
                List<SequenceStep> parsed = SequenceStep.parse(steps);
                if (channel != null && parsed.get(0).channel() != channel) {
                    errors.add(new FieldError(
                            "sequence", "must start with the campaign's channel (" + channel.dbValue() + ")"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("sequence", e.getMessage()));
            }
        }
        String schedule = request.schedule() == null || request.schedule().isBlank()
                ? null
                : request.schedule().strip().toLowerCase(Locale.ROOT);
        if (schedule != null && !schedule.equals("daily") && !schedule.equals("weekdays")) {
            errors.add(new FieldError("schedule", "must be daily, weekdays or empty (it runs only when started)"));
        }
        LocalTime at = null;
        if (request.at() != null && !request.at().isBlank()) {
            try {
                at = LocalTime.parse(request.at().strip());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        "at",
                        "must be a time such as 10:00, not '" + request.at().strip() + "'"));
            }
        }
        if (schedule != null
                && at == null
                && errors.stream().noneMatch(e -> e.field().equals("at"))) {
            errors.add(new FieldError("at", "is required with a schedule: the time of day it runs, e.g. 10:00"));
        }
        if (schedule == null && at != null) {
            errors.add(new FieldError("schedule", "is required with a time: daily or weekdays"));
        }
        String language = LeadIntake.language(request.language(), "language", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new CheckedDefinition(name, channel, segment, sequence, schedule, at, language);
    }
}
