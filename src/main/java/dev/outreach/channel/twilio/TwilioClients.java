package dev.outreach.channel.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

/**
 * The one Twilio REST client of the application, built when the credentials are configured. With
 * {@code OUTREACH_TWILIO_BASE_URL} every Twilio host is routed to that address instead (tests,
 * proxies); connect and response timeouts keep a slow Twilio from holding a sender forever.
 */
@ApplicationScoped
public class TwilioClients {

    private final OutreachConfig config;

    TwilioClients(OutreachConfig config) {
        this.config = config;
    }

    private volatile TwilioRestClient client;

    public Optional<TwilioRestClient> client() {
        PhoneConfig.Twilio twilio = config.twilio();
        if (twilio.accountSid().isEmpty() || twilio.authToken().isEmpty()) {
            return Optional.empty();
        }
        TwilioRestClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = build(twilio);
                }
                built = client;
            }
        }
        return Optional.of(built);
    }

    public Optional<String> fromNumber() {
        return config.twilio().fromNumber();
    }

    private static TwilioRestClient build(PhoneConfig.Twilio twilio) {
        // Retries are ours alone (fault tolerance, with the rules of ): a POST repeated behind our
        // back could place a call or send a text twice. See also SingleAttempt.
        HttpClientBuilder http = HttpClientBuilder.create()
                .disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(5, TimeUnit.SECONDS))
                                .setSocketTimeout(Timeout.of(15, TimeUnit.SECONDS))
                                .build())
                        .setMaxConnTotal(32)
                        .setMaxConnPerRoute(32)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(15, TimeUnit.SECONDS))
                        .build());
        twilio.baseUrl().ifPresent(base -> http.setRoutePlanner(routeTo(base)));
        return new TwilioRestClient.Builder(
                        twilio.accountSid().orElseThrow(), twilio.authToken().orElseThrow())
                .httpClient(new SingleAttempt(http))
                .build();
    }

    /**
     * The SDK's client repeats 5xx answers by itself ({@code reliableRequest}); here each call is one
     * request, and the messenger's fault tolerance decides what is retried.
     */
    static final class SingleAttempt extends NetworkHttpClient {

        SingleAttempt(HttpClientBuilder builder) {
            super(builder);
        }

        @Override
        public Response reliableRequest(Request request) {
            return makeRequest(request);
        }
    }

    private static HttpRoutePlanner routeTo(URI base) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        HttpHost target = new HttpHost(base.getScheme(), base.getHost(), port);
        return (host, context) -> new HttpRoute(target);
    }
}
