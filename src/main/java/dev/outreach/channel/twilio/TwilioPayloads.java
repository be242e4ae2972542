package dev.outreach.channel.twilio;

import com.twilio.converter.CurrencyDeserializer;
import com.twilio.converter.ISO8601Deserializer;
import com.twilio.converter.ISO8601Serializer;
import com.twilio.converter.RFC2822Deserializer;
import com.twilio.exception.RestException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.lookups.v2.PhoneNumber;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the Twilio SDK reads with Jackson for us, registered for the native image: the resources we
 * create or fetch (a call, a message, a number's lookup), every type Jackson reaches from them, and the
 * error answer. No Quarkus extension knows the SDK; {@code NativeImageRegistrationTest} finds these
 * from our calls and fails when one is missing.
 */
@RegisterForReflection(
        targets = {
            Call.class,
            Call.Status.class,
            Message.class,
            Message.Direction.class,
            Message.Status.class,
            PhoneNumber.class,
            PhoneNumber.CallForwardingInfo.class,
            PhoneNumber.CallerNameInfo.class,
            PhoneNumber.IdentityMatchInfo.class,
            PhoneNumber.LastSimSwapInfo.class,
            PhoneNumber.LineStatusInfo.class,
            PhoneNumber.LineTypeIntelligenceInfo.class,
            PhoneNumber.ReassignedNumberInfo.class,
            PhoneNumber.SimSwapInfo.class,
            PhoneNumber.SmsPumpingRiskInfo.class,
            PhoneNumber.ValidationError.class,
            com.twilio.type.PhoneNumber.class,
            CurrencyDeserializer.class,
            ISO8601Deserializer.class,
            ISO8601Serializer.class,
            RFC2822Deserializer.class,
            RestException.class
        })
final class TwilioPayloads {

    private TwilioPayloads() {}
}
