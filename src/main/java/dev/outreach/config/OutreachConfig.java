package dev.outreach.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an operator can tune, read once at start-up and validated there.
 *
 * <p>Property names are chosen so that SmallRye's environment-variable matching gives exactly the
 * names of SPEC §15: {@code outreach.email.daily-cap} is {@code OUTREACH_EMAIL_DAILY_CAP},
 * {@code outreach.call.window-start} is {@code OUTREACH_CALL_WINDOW_START}. Provider keys keep the
 * providers' own variable names and are bridged in {@code application.properties}.
 */
@ConfigMapping(prefix = "outreach")
public interface OutreachConfig {

    /** Start in dry-run: every rule runs, no provider is called. */
    @WithDefault("true")
    boolean dryRun();

    /** Drafts wait for an operator's approval before they may be sent. */
    @WithDefault("true")
    boolean approvalMode();

    /** Business time zone: daily caps roll over at its midnight; default zone for leads. */
    @WithDefault("Asia/Kolkata")
    @WithConverter(ZoneIdConverter.class)
    ZoneId timezone();

    /** No contact of the same lead within this many days; 0 switches the lead cool-down off. */
    @WithDefault("30")
    @Min(value = 0, message = "OUTREACH_COOLDOWN_DAYS must be 0 or more")
    int cooldownDays();

    /** At most this many emails per recipient domain in any 60 minutes. */
    @WithDefault("5")
    @Min(value = 0, message = "OUTREACH_DOMAIN_HOURLY_CAP must be 0 or more")
    int domainHourlyCap();

    /** Absolute base of links we hand out (unsubscribe, webhooks); also the URL Twilio signed. */
    @WithDefault("http://localhost:8080")
    URI publicBaseUrl();

    /** {@code OUTREACH_INSTANCE_ID} (the host name by default): names this replica in logs, leases and the audit. */
    @WithDefault("outreach")
    String instanceId();

    /** Bootstrap API key with the admin role; API keys are off without it. Never logged. */
    Optional<String> adminApiKey();

    /**
     * Signs the console's CSRF cookie ({@code OUTREACH_CSRF_SIGNING_KEY}, else the session cookie's
     * encryption secret, else the OIDC client secret); without any, the cookie is not bound. Never logged.
     */
    Optional<String> csrfSigningKey();

    /**
     * Secret that SendGrid Inbound Parse must present (basic-auth password or {@code ?key=}) to post
     * replies; inbound mail is refused without it. Never logged.
     */
    Optional<String> inboundSecret();

    /** How long data is kept; opt-outs are kept for ever whatever this says. */
    Retention retention();

    /** How public web pages are fetched (directories, contact pages): politely and only where allowed. */
    Crawler crawler();

    /**
     * Languages other than English whose drafts may follow the approval setting as English ones do:
     * an admin's word that the model writes them well enough. Unset: every draft in another language waits
     * for a person. Tags or names, e.g. {@code hi,Marathi}.
     */
    Optional<java.util.List<String>> reviewExemptLanguages();

    /** The language of a lead that has none: a tag such as hi or a name such as Hindi. */
    @WithDefault("en")
    @WithConverter(LanguageConverter.class)
    dev.outreach.language.Language defaultLanguage();

    /** Region used to read phone numbers written without a country code. */
    @WithDefault("IN")
    @Pattern(regexp = "[A-Z]{2}", message = "OUTREACH_DEFAULT_REGION must be an ISO 3166 alpha-2 code, e.g. IN")
    String defaultRegion();

    Sources sources();

    Email email();

    Call call();

    Sender sender();

    Outbox outbox();

    Campaign campaign();

    /** Who receives campaign reports and alerts by email; nobody when unset. */
    Optional<List<String>> operatorEmails();

    Twilio twilio();

    SendGrid sendgrid();

    /** Cal.com's booking webhook; without its secret {@code /webhooks/calcom} answers 404. */
    Calcom calcom();

    /** Calendly's booking webhook; without its signing key {@code /webhooks/calendly} answers 404. */
    Calendly calendly();

    OpenAi openai();

    Places places();

    Verifier verifier();

    /** {@code host:port[,host:port]} resolvers for MX look-ups; the system resolver when unset. */
    Optional<String> dnsServers();

    /** The sender's own mailbox, read for what comes back; unset = not read. */
    Imap imap();

    /** DKIM signing of every SMTP email; no selector = no signing. */
    Dkim dkim();

    /**
     * {@code OUTREACH_DELIVERABILITY_CHECK}: {@code enforce} holds live email while the sender
     * domain lacks SPF or DMARC or publishes another DKIM key; {@code warn} only says so.
     */
    @WithDefault("enforce")
    DeliverabilityCheck deliverabilityCheck();

    /** SpamAssassin's spamd, scoring every email draft before review; no host = not scored. */
    Spamd spamd();

    /** {@code OUTREACH_SPAM_THRESHOLD}: a draft scoring above it cannot be approved unedited. */
    @WithDefault("5.0")
    double spamThreshold();

    /** When email brakes itself. */
    Brake brake();

    /** How a new sending domain's daily email cap ramps up. */
    Warmup warmup();

    interface Dkim {
        /** {@code OUTREACH_DKIM_SELECTOR}: the {@code s=} of the signature, as published at {@code s._domainkey.}. */
        Optional<String> selector();

        /** {@code OUTREACH_DKIM_PRIVATE_KEY_PATH}: the signing key, a PKCS#8 PEM file. */
        Optional<java.nio.file.Path> privateKeyPath();

        /** {@code OUTREACH_DKIM_DOMAIN}: the {@code d=} of the signature; the sender email's domain when unset. */
        Optional<String> domain();

        default boolean signing() {
            return selector().filter(s -> !s.isBlank()).isPresent();
        }
    }

    enum DeliverabilityCheck {
        enforce,
        warn
    }

    interface Spamd {
        Optional<String> host();

        @WithDefault("783")
        int port();

        default boolean configured() {
            return host().filter(h -> !h.isBlank()).isPresent();
        }
    }

    interface Brake {
        /** {@code OUTREACH_BRAKE_COMPLAINT_RATE}: complaints per delivered email in 7 days (0.001 = 0.1 %). */
        @WithDefault("0.001")
        double complaintRate();

        /** {@code OUTREACH_BRAKE_BOUNCE_RATE}: hard bounces per email sent in 7 days (0.02 = 2 %). */
        @WithDefault("0.02")
        double bounceRate();
    }

    interface Warmup {
        /** {@code OUTREACH_WARMUP_START}: emails on a new sending domain's first day; 0 switches warm-up off. */
        @WithDefault("20")
        @Min(value = 0, message = "OUTREACH_WARMUP_START must be 0 or more")
        int start();

        /** {@code OUTREACH_WARMUP_DAILY_GROWTH}: the day-on-day growth while no brake fired (0.2 = +20 %). */
        @WithDefault("0.2")
        double dailyGrowth();
    }

    interface Imap {
        /** {@code OUTREACH_IMAP_HOST}; without it the mailbox is not read. */
        Optional<String> host();

        /** {@code OUTREACH_IMAP_PORT}; 993 with tls, 143 otherwise. */
        Optional<Integer> port();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("INBOX")
        String folder();

        /** {@code tls} (IMAPS), {@code starttls} (required), or {@code none} (loopback tests only). */
        @WithDefault("tls")
        ImapSecurity security();

        /** Seconds between two reads of the mailbox. */
        @WithDefault("60")
        @Min(value = 5, message = "OUTREACH_IMAP_POLL_SECONDS must be at least 5")
        int pollSeconds();

        /** How long after start-up the first read comes, e.g. 10s or 5m. */
        @WithDefault("10s")
        @Pattern(regexp = "\\d+[smh]", message = "OUTREACH_IMAP_FIRST_POLL_DELAY must look like 10s, 5m or 1h")
        String firstPollDelay();

        /** Whether mails read are flagged as seen in the mailbox (not by default: the mailbox is the owner's). */
        @WithDefault("false")
        boolean markSeen();

        /**
         * A folder that mails about our outreach (replies, reports, unsubscribes) are moved to once applied;
         * unset, nothing is moved. Personal and unreadable mail is never moved.
         */
        Optional<String> moveTo();

        default boolean configured() {
            return host().filter(h -> !h.isBlank()).isPresent()
                    && username().isPresent()
                    && password().isPresent();
        }

        default int portOrDefault() {
            return port().orElse(security() == ImapSecurity.TLS ? 993 : 143);
        }
    }

    enum ImapSecurity {
        NONE,
        STARTTLS,
        TLS
    }

    /**
     * {@code OUTREACH_SAMPLE_DATA}: an empty database gets example businesses and drafts on start
     * (dev mode sets it; see {@code sample/SampleData}).
     */
    @WithDefault("false")
    boolean sampleData();

    /**
     * {@code OUTREACH_FREE_MAIL}: what a personal free-mail address (gmail.com, yahoo.co.in,
     * rediffmail.com …) does to a lead: {@code review} puts it in the review queue,
     * {@code reject} refuses it.
     */
    @WithDefault("review")
    FreeMail freeMail();

    /**
     * {@code OUTREACH_DATABASE_ALERT_AFTER}: how long PostgreSQL may be unreachable before the
     * operators are alerted (R-11.4: five minutes). Sending pauses at once whatever this says.
     */
    @WithDefault("PT5M")
    Duration databaseAlertAfter();

    /** Longest wait for one provider call before it counts as failed (each adapter may be stricter). */
    @WithDefault("PT10S")
    Duration providerTimeout();

    /** Where leads may come from. */
    interface Sources {
        /**
         * Approved sources; anything else is refused with the reason. {@code crm}: the agency's own CRM's
         * contacts, imported only when the operator asks.
         */
        @WithDefault("api,csv,console,google_places,directory,crm")
        List<String> allowed();
    }

    /** Email channel. */
    interface Email {
        /** Emails per day in the business time zone, dry-run included. */
        @WithDefault("100")
        @Min(value = 0, message = "OUTREACH_EMAIL_DAILY_CAP must be 0 or more")
        int dailyCap();

        /** {@code smtp} (quarkus-mailer) or {@code sendgrid} (v3 HTTP API). */
        @WithDefault("smtp")
        EmailProvider provider();
    }

    enum EmailProvider {
        smtp,
        sendgrid
    }

    /** Voice channel. */
    interface Call {
        /** Calls per day in the business time zone. */
        @WithDefault("100")
        @Min(value = 0, message = "OUTREACH_CALL_DAILY_CAP must be 0 or more")
        int dailyCap();

        /** Calls per day per destination country (ISO 3166 alpha-2 → cap); others use the daily cap. */
        Map<String, @Min(value = 0, message = "per-country call caps must be 0 or more") Integer> countryCaps();

        /** Earliest local time of the lead at which a call may start. */
        @WithDefault("11:00")
        LocalTime windowStart();

        /** Latest local time of the lead at which a call may start; after the start. */
        @WithDefault("17:00")
        LocalTime windowEnd();

        /** Calls on Monday to Friday only. */
        @WithDefault("true")
        boolean weekdaysOnly();

        /** Longest a call may last. */
        @WithDefault("PT2M")
        Duration maxDuration();

        /** The voice that speaks the call script (Twilio's {@code <Say voice>}), e.g. Polly.Aditi. */
        @WithDefault("Polly.Raveena")
        String voice();

        /** The language of the call script and of speech recognition, e.g. en-IN or hi-IN. */
        @WithDefault("en-IN")
        @Pattern(regexp = "[a-z]{2,3}-[A-Z]{2}", message = "OUTREACH_CALL_LANGUAGE must look like en-IN or hi-IN")
        String language();

        /** The number the script gives for calling back; TWILIO_FROM_NUMBER when unset. */
        Optional<String> callbackNumber();
    }

    /** The country policies of the gate: a YAML file that overrides the shipped ones. */
    Optional<java.nio.file.Path> policyFile();

    /** India's TRAI DLT registration: without it promotional calls and SMS to India are refused. */
    Dlt dlt();

    /** WhatsApp: the approved template a business-initiated message uses. */
    Whatsapp whatsapp();

    interface Whatsapp {
        /**
         * The Content SID (HX…) of an approved WhatsApp template with two variables, {{1}} the business's
         * name and {{2}} the sender's company; without it, WhatsApp goes only inside the 24-hour window.
         */
        Optional<String> contentSid();
    }

    interface Dlt {
        /** The principal entity id of the DLT registration. */
        Optional<String> entityId();

        /** The registered SMS header (sender id), e.g. ACMEWB. */
        Optional<String> smsHeader();

        /** The registered content template id of the promotional SMS. */
        Optional<String> smsTemplateId();

        /** The 140-series number promotional calls come from, e.g. +911401234567. */
        Optional<String> callerId();
    }

    /** Scheduled runs and sequences. */
    interface Campaign {
        /** Draft the daily email campaign at {@link #dailyEmailAt()} (business time zone). */
        @WithDefault("true")
        boolean dailyEmail();

        /** Local time of the daily email run. */
        @WithDefault("10:00")
        LocalTime dailyEmailAt();

        /** Start a call campaign at the opening of each weekday's calling window. */
        @WithDefault("false")
        boolean dailyCall();

        /**
         * The steps of every outreach: a channel and the days after the previous step, e.g.
         * {@code email,call+3d,email+7d}. A sequence stops for a lead that replies, opts out or bounces.
         * Email only by default: a call step rings a business that never asked to be called, so
         * an admin adds one knowingly, and the gate's jurisdiction rule still applies to each call.
         */
        @WithDefault("email,email+4d")
        List<String> sequence();

        /** A run halts when more than this share of its attempts failed, once it made {@link #haltMinAttempts()}. */
        @WithDefault("0.5")
        @Min(0)
        @Max(1)
        double haltFailureRatio();

        @WithDefault("10")
        @Min(1)
        int haltMinAttempts();
    }

    /** How the outbox works through due messages. */
    interface Outbox {
        /** How often each replica looks for due messages. */
        @WithDefault("PT1S")
        Duration interval();

        /**
         * Messages claimed per transaction. Claims are pulled as senders free up, so a crash holds
         * about this many plus the messages in flight for an operator.
         */
        @WithDefault("16")
        @Min(1)
        @Max(1000)
        int batchSize();

        /** Provider calls in flight at once per replica. */
        @WithDefault("16")
        @Min(1)
        @Max(256)
        int concurrency();

        /** A message still {@code sending} after this long lost its outcome and is held. */
        @WithDefault("PT5M")
        Duration heldAfter();

        /** Real attempts before a message that providers keep refusing fails. */
        @WithDefault("5")
        @Min(1)
        int maxAttempts();
    }

    /** Who the emails and calls come from; placeholders block live sending. */
    interface Sender {
        @WithDefault(Placeholders.NAME)
        @NotBlank(message = "OUTREACH_SENDER_NAME must not be blank")
        String name();

        @WithDefault(Placeholders.COMPANY)
        @NotBlank(message = "OUTREACH_SENDER_COMPANY must not be blank")
        String company();

        @WithDefault(Placeholders.ADDRESS)
        @NotBlank(message = "OUTREACH_SENDER_ADDRESS must not be blank")
        String address();

        @WithDefault(Placeholders.EMAIL)
        @NotBlank(message = "OUTREACH_SENDER_EMAIL must not be blank")
        String email();

        /** What we offer, in one sentence: used by the email template and the call script. */
        @WithDefault("We help businesses like yours win more customers online with a fast, modern website and simple "
                + "online booking, without the cost of a big agency.")
        String pitch();

        /** Privacy policy linked from every email footer. */
        @WithDefault("https://example.invalid/privacy")
        URI privacyUrl();

        /** Scheduling link offered as the call to action. */
        @WithDefault("https://example.invalid/book")
        URI schedulingUrl();
    }

    interface Twilio {
        Optional<String> accountSid();

        Optional<String> authToken();

        Optional<String> fromNumber();

        /** Another host for the Twilio REST API (tests, proxies); Twilio's own when unset. */
        Optional<URI> baseUrl();
    }

    interface SendGrid {
        Optional<String> apiKey();

        /** Base64 ECDSA public key of the signed Event Webhook. */
        Optional<String> webhookPublicKey();

        @WithDefault("https://api.sendgrid.com")
        URI baseUrl();
    }

    interface Calcom {
        /** {@code OUTREACH_CALCOM_WEBHOOK_SECRET}: the secret set on the webhook in Cal.com's settings. */
        Optional<String> webhookSecret();
    }

    interface Calendly {
        /** {@code OUTREACH_CALENDLY_WEBHOOK_SIGNING_KEY}: the signing key of the webhook subscription. */
        Optional<String> webhookSigningKey();
    }

    interface OpenAi {
        Optional<String> apiKey();
    }

    interface Places {
        Optional<String> apiKey();

        /** Places API (New). */
        @WithDefault("https://places.googleapis.com")
        URI baseUrl();
    }

    interface Verifier {
        /** ZeroBounce API key; without it emails are verified locally (syntax, MX, lists). */
        Optional<String> apiKey();

        @WithDefault("https://api.zerobounce.net")
        URI baseUrl();

        /** Ask Twilio Lookup v2 (line type) about every phone; billed per lookup, so off unless chosen. */
        @WithDefault("false")
        boolean twilioLookup();

        /**
         * Domain suffixes treated as receiving mail without a DNS look-up. Dev mode sets
         * {@code .example} so its sample businesses and the README's example can be drafted; production
         * refuses any value.
         */
        Optional<List<String>> assumeDeliverable();

        /** Minimum email confidence to count as verified. */
        @WithDefault("0.7")
        @Min(0)
        @Max(1)
        double emailThreshold();

        /** Minimum phone confidence to count as verified. */
        @WithDefault("0.6")
        @Min(0)
        @Max(1)
        double phoneThreshold();
    }

    /** {@code OUTREACH_FREE_MAIL}. */
    enum FreeMail {
        REVIEW,
        REJECT
    }

    /** Default sender values; live sending refuses while any of these is still in use. */
    final class Placeholders {
        public static final String NAME = "Your Name";
        public static final String COMPANY = "Your Company (set OUTREACH_SENDER_COMPANY)";
        public static final String ADDRESS = "Your postal address (set OUTREACH_SENDER_ADDRESS)";
        public static final String EMAIL = "outreach@example.invalid";

        private Placeholders() {}
    }

    interface Retention {
        /** Messages, replies and their audit events. */
        @WithDefault("P90D")
        Duration outreach();

        /** Error details on messages and operator alerts. */
        @WithDefault("P30D")
        Duration errors();

        /** Provider call logs: webhook event ids kept for de-duplication. */
        @WithDefault("P7D")
        Duration apiCalls();

        /** When the daily purge runs, in the business time zone (Quartz-style cron). */
        @WithDefault("0 30 3 * * ?")
        String cron();
    }

    interface Crawler {
        /** Sent with every request and matched against robots.txt; the public base URL is appended as contact. */
        @WithDefault("OutreachBot/1.0")
        String userAgent();

        /** The least time between two requests to one host; robots.txt may ask for more. */
        @WithDefault("PT1S")
        Duration minDelay();

        /** Pages of one directory listing followed at most. */
        @WithDefault("20")
        @Min(1)
        int maxPages();

        /** Whether private, loopback and link-local addresses may be fetched (never in production). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /**
         * Whether leads with a website and no email get the address the website publishes, in the
         * background, whatever their source ({@code OUTREACH_CRAWLER_DISCOVER_CONTACTS}).
         */
        @WithDefault("true")
        boolean discoverContacts();
    }
}
