package dev.outreach.jurisdiction;

import dev.outreach.contact.Channel;
import java.time.LocalTime;
import java.util.Map;

/**
 * The rules for recipients in one country.
 *
 * @param code            ISO 3166 alpha-2, or {@code DEFAULT}
 * @param callsFrom       the earliest local time a call may start (never before 08:00)
 * @param callsTo         the latest local time a call may start (never after 21:00)
 * @param objectionNotice the first email must name where the address was found and the right to object (GDPR Art 14/21)
 */
public record CountryPolicy(
        String code,
        String name,
        LocalTime callsFrom,
        LocalTime callsTo,
        boolean objectionNotice,
        Map<Channel, ChannelPolicy> channels) {

    public CountryPolicy {
        channels = Map.copyOf(channels);
    }

    public ChannelPolicy channel(Channel channel) {
        return channels.get(channel);
    }
}
