package dev.outreach.channel.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import io.smallrye.mutiny.Uni;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * What a Twilio failure means for the contact: a number Twilio will never reach is
 * {@link SendResult.Rejected}; Twilio saying "not now" (429, 5xx) or being unreachable is
 * {@link TransientFailure}; a request that may have gone through (response timeout) is
 * {@link UnknownOutcome}.
 */
public final class TwilioErrors {

    /**
     * Twilio error codes about the recipient: 21211 invalid 'To', 21214 'To' not reachable, 21217 not a
     * valid phone number, 21401 invalid number, 21407 not supported, 21610 the recipient replied STOP,
     * 21612 cannot route to it, 21614 not a mobile number, 63003 not a WhatsApp number, 13223/13224
     * invalid dial string or number.
     */
    private static final Set<Integer> RECIPIENT_REFUSED =
            Set.of(21211, 21214, 21217, 21401, 21407, 21610, 21612, 21614, 63003, 13223, 13224);

    private TwilioErrors() {}

    public static Uni<SendResult> classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            Integer status = api.getStatusCode();
            Integer code = api.getCode();
            String reason = "Twilio " + (status == null ? "error" : status.toString())
                    + (code == null ? "" : " code " + code) + ": " + api.getMessage();
            if (code != null && RECIPIENT_REFUSED.contains(code)) {
                return Uni.createFrom().item(new SendResult.Rejected(reason));
            }
            return Uni.createFrom().failure(new TransientFailure(reason, failure));
        }
        if (failure instanceof ApiConnectionException && notConnected(failure)) {
            return Uni.createFrom()
                    .failure(new TransientFailure("Twilio unreachable: " + failure.getMessage(), failure));
        }
        return Uni.createFrom().failure(new UnknownOutcome("Twilio request broke off: " + failure, failure));
    }

    /** True when the request never reached Twilio (no connection), false when it may have. */
    static boolean notConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return false;
            }
        }
        return false;
    }
}
