package dev.outreach.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Everything an operator can tune, read once at start-up and validated there.
 *
 * <p>Property names are chosen so that SmallRye's environment-variable matching gives exactly the
 * names of SPEC §15: {@code outreach.email.daily-cap} is {@code OUTREACH_EMAIL_DAILY_CAP},
 * {@code outreach.call.window-start} is {@code OUTREACH_CALL_WINDOW_START}. Provider keys keep the
 * providers' own variable names and are bridged in {@code application.properties}.
 *
 * <p>This interface holds the settings of the whole product; each group of one concern lives beside it in
 * its own file: {@link SendingConfig} (email, DKIM, spamd, brakes, warm-up, the outbox), {@link MailboxConfig},
 * {@link PhoneConfig} (calls, Twilio, DLT, WhatsApp), {@link CampaignConfig} (sequence and sender),
 * {@link LeadsConfig} (sources, crawler, verifier), {@link ProvidersConfig} and {@link RetentionConfig}.
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
    RetentionConfig.Retention retention();

    /** How public web pages are fetched (directories, contact pages): politely and only where allowed. */
    LeadsConfig.Crawler crawler();

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

    LeadsConfig.Sources sources();

    SendingConfig.Email email();

    PhoneConfig.Call call();

    CampaignConfig.Sender sender();

    SendingConfig.Outbox outbox();

    CampaignConfig.Campaign campaign();

    /** Who receives campaign reports and alerts by email; nobody when unset. */
    Optional<List<String>> operatorEmails();

    PhoneConfig.Twilio twilio();

    ProvidersConfig.SendGrid sendgrid();

    /** Cal.com's booking webhook; without its secret {@code /webhooks/calcom} answers 404. */
    ProvidersConfig.Calcom calcom();

    /** Calendly's booking webhook; without its signing key {@code /webhooks/calendly} answers 404. */
    ProvidersConfig.Calendly calendly();

    ProvidersConfig.OpenAi openai();

    LeadsConfig.Places places();

    LeadsConfig.Verifier verifier();

    /** {@code host:port[,host:port]} resolvers for MX look-ups; the system resolver when unset. */
    Optional<String> dnsServers();

    /** The sender's own mailbox, read for what comes back; unset = not read. */
    MailboxConfig.Imap imap();

    /** DKIM signing of every SMTP email; no selector = no signing. */
    SendingConfig.Dkim dkim();

    /**
     * {@code OUTREACH_DELIVERABILITY_CHECK}: {@code enforce} holds live email while the sender
     * domain lacks SPF or DMARC or publishes another DKIM key; {@code warn} only says so.
     */
    @WithDefault("enforce")
    SendingConfig.DeliverabilityCheck deliverabilityCheck();

    /** SpamAssassin's spamd, scoring every email draft before review; no host = not scored. */
    SendingConfig.Spamd spamd();

    /** {@code OUTREACH_SPAM_THRESHOLD}: a draft scoring above it cannot be approved unedited. */
    @WithDefault("5.0")
    double spamThreshold();

    /** When email brakes itself. */
    SendingConfig.Brake brake();

    /** How a new sending domain's daily email cap ramps up. */
    SendingConfig.Warmup warmup();

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
    LeadsConfig.FreeMail freeMail();

    /**
     * {@code OUTREACH_DATABASE_ALERT_AFTER}: how long PostgreSQL may be unreachable before the
     * operators are alerted (R-11.4: five minutes). Sending pauses at once whatever this says.
     */
    @WithDefault("PT5M")
    Duration databaseAlertAfter();

    /** Longest wait for one provider call before it counts as failed (each adapter may be stricter). */
    @WithDefault("PT10S")
    Duration providerTimeout();

    /** The country policies of the gate: a YAML file that overrides the shipped ones. */
    Optional<java.nio.file.Path> policyFile();

    /** India's TRAI DLT registration: without it promotional calls and SMS to India are refused. */
    PhoneConfig.Dlt dlt();

    /** WhatsApp: the approved template a business-initiated message uses. */
    PhoneConfig.Whatsapp whatsapp();
}
