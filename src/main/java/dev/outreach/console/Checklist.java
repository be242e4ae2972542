package dev.outreach.console;

import dev.outreach.deliverability.SenderDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Going live, step by step (issue 30): what the owner still has to set up before real messages leave,
 * one item per thing, each saying what is missing and where to set it, and turning green on its own
 * once it is done. "Go live" (dry-run off, approval kept on) is offered when every item that is needed
 * is done. Built from {@link Facts} alone, so what the overview shows is a function of the set-up.
 *
 * <p>The checklist only advises: every message is still decided by the compliance gate (a live email
 * from a domain without SPF is held by its sender-domain rule, whatever this page says).
 */
public record Checklist(List<Item> items, boolean dryRun) {

    /** Done; still to do before going live; or not needed to go live (a channel the owner may add later). */
    public enum State {
        DONE,
        MISSING,
        OPTIONAL
    }

    /**
     * One step.
     *
     * @param todo what to do, one sentence each (the exact DNS records, the field to fill); empty when done
     * @param href where on the console it is set, or null when it is set in the environment
     */
    public record Item(String key, String title, State state, String says, List<String> todo, String href) {
        public Item {
            todo = List.copyOf(todo);
        }

        /** The CSS class and the word the page shows next to the item. */
        public String mark() {
            return switch (state) {
                case DONE -> "done";
                case MISSING -> "to do";
                case OPTIONAL -> "optional";
            };
        }

        public String cssClass() {
            return mark().replace(' ', '-');
        }
    }

    /**
     * What the checklist is built from.
     *
     * @param senderPlaceholders what of the sender's identity is still a placeholder, in the settings form's words
     * @param domain the latest reading of the sender domain's DNS, or null before the first
     * @param smtpSigns whether mail goes over SMTP and so needs our own DKIM key (SendGrid signs its own)
     * @param dkimKey whether a DKIM selector and key are configured
     * @param mailOnlyLogged whether SMTP mail is only written to the log (dev mode)
     * @param dltMissing the DLT values not set, each named by its variable
     */
    public record Facts(
            List<String> senderPlaceholders,
            String senderDomainName,
            SenderDomain.Summary domain,
            boolean smtpSigns,
            boolean dkimKey,
            boolean alertsReachSomeone,
            String emailProvider,
            boolean emailAvailable,
            boolean mailOnlyLogged,
            boolean mailboxConfigured,
            boolean phoneConfigured,
            List<String> dltMissing,
            boolean aiConfigured,
            boolean bookingsConnected,
            boolean dryRun) {}

    public static Checklist of(Facts f) {
        List<Item> items = new ArrayList<>();
        items.add(new Item(
                "sender",
                "Who you are",
                f.senderPlaceholders().isEmpty() ? State.DONE : State.MISSING,
                "Every message names you, your company and your postal address, and links your booking page and "
                        + "privacy policy.",
                f.senderPlaceholders(),
                "/console/settings#sender"));
        items.add(domain(f));
        items.add(new Item(
                "alerts",
                "Reports and alerts reach you",
                f.alertsReachSomeone() ? State.DONE : State.MISSING,
                "The daily report, and an alert when a provider fails or email stops itself.",
                f.alertsReachSomeone() ? List.of() : List.of("Write your email address in \"Reports and alerts to\"."),
                "/console/settings#sender"));
        boolean mailLeaves = f.emailAvailable() && !f.mailOnlyLogged();
        items.add(new Item(
                "mail",
                "Email leaves for real",
                mailLeaves ? State.DONE : State.MISSING,
                "Sent through " + (f.emailProvider().equals("sendgrid") ? "SendGrid" : "your mail server (SMTP)") + ".",
                mailLeaves
                        ? List.of()
                        : List.of(
                                f.mailOnlyLogged()
                                        ? "Mail is only written to the log here (dev mode): set your mail server in QUARKUS_MAILER_HOST, "
                                                + "QUARKUS_MAILER_USERNAME and QUARKUS_MAILER_PASSWORD, with QUARKUS_MAILER_MOCK=false."
                                        : "Set SENDGRID_API_KEY, or OUTREACH_EMAIL_PROVIDER=smtp with your mail server."),
                null));
        items.add(new Item(
                "mailbox",
                "Replies are read",
                f.mailboxConfigured() ? State.DONE : State.MISSING,
                "Replies, bounces and \"please stop\" answers are read from your mailbox: an opt-out by reply is "
                        + "honoured within minutes.",
                f.mailboxConfigured()
                        ? List.of()
                        : List.of(
                                "Set your mailbox in OUTREACH_IMAP_HOST, "
                                        + "OUTREACH_IMAP_USERNAME and OUTREACH_IMAP_PASSWORD (an app password, not your login)."),
                null));
        items.add(new Item(
                "phone",
                "Calls, SMS and WhatsApp",
                f.phoneConfigured() ? State.DONE : State.OPTIONAL,
                f.phoneConfigured() ? "Through your Twilio account." : "Not set up: only email is sent. Optional.",
                f.phoneConfigured()
                        ? List.of()
                        : List.of(
                                "To add them, set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and " + "TWILIO_FROM_NUMBER."),
                null));
        if (f.phoneConfigured()) {
            items.add(new Item(
                    "dlt",
                    "India's DLT registration",
                    f.dltMissing().isEmpty() ? State.DONE : State.MISSING,
                    "TRAI requires it for promotional calls and SMS to Indian numbers; without it they are refused.",
                    f.dltMissing().stream()
                            .map(variable -> "Set " + variable + ".")
                            .toList(),
                    null));
        }
        items.add(new Item(
                "ai",
                "Personal drafts",
                f.aiConfigured() ? State.DONE : State.OPTIONAL,
                f.aiConfigured()
                        ? "Each draft is written for its lead by the AI, and you approve it."
                        : "Drafts come from your templates. Optional: an AI writes a personal draft for each lead.",
                f.aiConfigured() ? List.of() : List.of("To add it, set OPENAI_API_KEY."),
                f.aiConfigured() ? null : "/console/templates"));
        items.add(new Item(
                "bookings",
                "Bookings come back",
                f.bookingsConnected() ? State.DONE : State.OPTIONAL,
                f.bookingsConnected()
                        ? "A lead who books through your email's link is a meeting here, and its "
                                + "follow-ups stop at once."
                        : "You see who clicked your booking link. Optional: connect Cal.com or Calendly to see who "
                                + "booked, and stop their follow-ups at once.",
                f.bookingsConnected() ? List.of() : List.of("The Meetings page says how, in three steps."),
                "/console/meetings"));
        return new Checklist(items, f.dryRun());
    }

    private static Item domain(Facts f) {
        String title = "Your domain vouches for your mail (SPF, DKIM, DMARC)";
        String says = "Receivers check these DNS records of " + f.senderDomainName() + " before they trust your mail.";
        List<String> todo = new ArrayList<>();
        if (f.smtpSigns() && !f.dkimKey()) {
            todo.add("Sign your mail: set OUTREACH_DKIM_SELECTOR and OUTREACH_DKIM_PRIVATE_KEY_PATH, and publish the "
                    + "public key (docs/deployment.md).");
        }
        if (f.domain() == null) {
            todo.add("The DNS records of " + f.senderDomainName() + " have not been read yet: this page updates after "
                    + "the next check.");
        } else {
            f.domain().publish().forEach(record -> todo.add("Publish: " + record));
            if (f.domain().publish().isEmpty() && !f.domain().ok()) {
                todo.addAll(f.domain().problems());
            }
        }
        return new Item(
                "domain", title, todo.isEmpty() ? State.DONE : State.MISSING, says, todo, "/console/settings#sending");
    }

    /** Whether everything needed to go live is done. */
    public boolean ready() {
        return items.stream().noneMatch(item -> item.state() == State.MISSING);
    }

    public long missing() {
        return items.stream().filter(item -> item.state() == State.MISSING).count();
    }

    /** "Go live" is offered while dry-run is on and every needed item is done. */
    public boolean offerGoLive() {
        return dryRun && ready();
    }

    /** The card is shown while dry-run is on, or once live while something needed is missing again. */
    public boolean shown() {
        return dryRun || !ready();
    }
}
