package dev.outreach.channel;

import dev.outreach.contact.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messengers, found by channel: the configured provider for email ({@code OUTREACH_EMAIL_PROVIDER}),
 * the only provider for the others. New providers register themselves by being beans.
 */
@ApplicationScoped
public class Messengers {

    private final Instance<Messenger> all;

    Messengers(Instance<Messenger> all) {
        this.all = all;
    }

    /** The messenger that serves {@code channel} now, if its provider is configured. */
    public Optional<Messenger> forChannel(Channel channel) {
        for (Messenger messenger : all) {
            if (messenger.serves(channel) && messenger.available()) {
                return Optional.of(messenger);
            }
        }
        return Optional.empty();
    }

    /** The channels that can send for real now, as database values. */
    public String[] availableChannels() {
        List<String> channels = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            if (forChannel(channel).isPresent()) {
                channels.add(channel.dbValue());
            }
        }
        return channels.toArray(String[]::new);
    }
}
