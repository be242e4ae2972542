package dev.outreach.channel.sms;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.twilio.TwilioClients;
import dev.outreach.channel.twilio.TwilioErrors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;

/** Sends one SMS or WhatsApp message through Twilio Messaging; the messengers add fault tolerance. */
@ApplicationScoped
class TwilioTexts {

    @Inject
    TwilioClients twilio;

    Uni<SendResult> send(Outgoing.Text text, String addressPrefix) {
        return Uni.createFrom().item(() -> Message.creator(new PhoneNumber(addressPrefix + text.to()),
                new PhoneNumber(addressPrefix + twilio.fromNumber().orElseThrow()), text.body())
                .setStatusCallback(URI.create(text.statusCallbackUrl()))
                .create(twilio.client().orElseThrow()).getSid())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(sid -> (SendResult) new SendResult.Accepted(sid))
                .onFailure().recoverWithUni(TwilioErrors::classify);
    }
}
