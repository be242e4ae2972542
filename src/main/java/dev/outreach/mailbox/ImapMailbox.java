package dev.outreach.mailbox;

import dev.outreach.config.MailboxConfig;
import dev.outreach.config.OutreachConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The sender's mailbox over IMAP (Angus Mail, Jakarta Mail's implementation): TLS or STARTTLS by
 * default, connect and read timeouts, a retry with back-off and a circuit breaker like every
 * provider. It reads; it changes nothing in the mailbox unless {@code OUTREACH_IMAP_MARK_SEEN} asks
 * for the seen flag. Blocking, so it is called from a worker thread.
 */
@ApplicationScoped
public class ImapMailbox {

    static final int SOCKET_TIMEOUT_MS = 20_000;

    private final MailboxConfig.Imap config;

    ImapMailbox(OutreachConfig config) {
        this.config = config.imap();
    }

    /** One read: the folder's UIDVALIDITY, its next UID, and the mails after the checkpoint, parsed. */
    public record Batch(long uidValidity, long uidNext, List<Fetched> mails) {}

    public record Fetched(long uid, ReadMail mail) {}

    /**
     * Mails with a UID above {@code afterUid} (all of them when {@code uidValidity} changed), at most
     * {@code max}, oldest first. Without a checkpoint ({@code uidValidity} null), the mails received
     * since {@code since}.
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 2,
            delay = 1,
            delayUnit = ChronoUnit.SECONDS,
            jitter = 300,
            abortOn = AuthenticationFailed.class)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("imap")
    public Batch read(Long uidValidity, long afterUid, Instant since, int max) throws MessagingException {
        Store store = connect();
        try {
            Folder folder = store.getFolder(config.folder());
            folder.open(config.markSeen() ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                UIDFolder uids = (UIDFolder) folder;
                long validity = uids.getUIDValidity();
                long next = uids.getUIDNext();
                long from = uidValidity == null
                        ? firstSince(folder, uids, since, next)
                        : uidValidity == validity ? afterUid + 1 : 1;
                Message[] all = uids.getMessagesByUID(from, UIDFolder.MAXUID);
                // Headers and structure only for this batch: the rest waits for the next one.
                Message[] found = all.length > max + 1 ? Arrays.copyOf(all, max + 1) : all;
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(FetchProfile.Item.CONTENT_INFO);
                profile.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(found, profile);
                List<Fetched> mails = new ArrayList<>();
                for (Message message : found) {
                    long uid = uids.getUID(message);
                    if (uid < from) {
                        continue; // IMAP answers "n:*" with the last mail even when none is newer
                    }
                    mails.add(new Fetched(uid, MailParser.parse((MimeMessage) message)));
                    if (config.markSeen()) {
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                    if (mails.size() == max) {
                        break;
                    }
                }
                return new Batch(validity, next, mails);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    /**
     * Moves the mails of these UIDs to {@code target} (created when missing): IMAP MOVE where the server
     * has it, else COPY and EXPUNGE. Nothing is moved when the folder's UIDVALIDITY changed meanwhile.
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 2,
            delay = 1,
            delayUnit = ChronoUnit.SECONDS,
            jitter = 300,
            abortOn = AuthenticationFailed.class)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("imap-move")
    public void move(long uidValidity, List<Long> uidsToMove, String target) throws MessagingException {
        Store store = connect();
        try {
            Folder destination = store.getFolder(target);
            if (!destination.exists()) {
                destination.create(Folder.HOLDS_MESSAGES);
            }
            Folder folder = store.getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            try {
                UIDFolder uids = (UIDFolder) folder;
                if (uids.getUIDValidity() != uidValidity) {
                    return;
                }
                Message[] found = uids.getMessagesByUID(
                        uidsToMove.stream().mapToLong(Long::longValue).toArray());
                Message[] present =
                        Arrays.stream(found).filter(java.util.Objects::nonNull).toArray(Message[]::new);
                if (present.length > 0 && ((org.eclipse.angus.mail.imap.IMAPStore) store).hasCapability("MOVE")) {
                    ((org.eclipse.angus.mail.imap.IMAPFolder) folder).moveMessages(present, destination);
                } else if (present.length > 0) {
                    // No MOVE: copy, flag deleted, and expunge only these (UIDPLUS) — never what the owner deleted.
                    folder.copyMessages(present, destination);
                    folder.setFlags(present, new Flags(Flags.Flag.DELETED), true);
                    if (((org.eclipse.angus.mail.imap.IMAPStore) store).hasCapability("UIDPLUS")) {
                        ((org.eclipse.angus.mail.imap.IMAPFolder) folder).expunge(present);
                    }
                }
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    /**
     * The first UID received since then (the next UID when none was), found by the server's own SEARCH
     * (RFC 3501 SINCE: whole days, so up to a day more is read), however many mails that is.
     */
    private static long firstSince(Folder folder, UIDFolder uids, Instant since, long next) throws MessagingException {
        if (folder.getMessageCount() == 0) {
            return next;
        }
        Message[] recent = folder.search(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(since)));
        return recent.length == 0 ? next : uids.getUID(recent[0]);
    }

    /** A session logged in to the mailbox; a refused login is {@link AuthenticationFailed}, never retried. */
    private Store connect() throws MessagingException {
        Store store = session().getStore(config.security() == MailboxConfig.ImapSecurity.TLS ? "imaps" : "imap");
        try {
            store.connect(
                    config.host().orElseThrow(),
                    config.portOrDefault(),
                    config.username().orElseThrow(),
                    config.password().orElseThrow());
            return store;
        } catch (jakarta.mail.AuthenticationFailedException e) {
            throw new AuthenticationFailed(e.getMessage());
        }
    }

    private Session session() {
        Properties props = new Properties();
        for (String protocol : new String[] {"imap", "imaps"}) {
            props.put("mail." + protocol + ".connectiontimeout", Integer.toString(SOCKET_TIMEOUT_MS));
            props.put("mail." + protocol + ".timeout", Integer.toString(SOCKET_TIMEOUT_MS));
            props.put("mail." + protocol + ".writetimeout", Integer.toString(SOCKET_TIMEOUT_MS));
            props.put("mail." + protocol + ".partialfetch", "true");
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        if (config.security() == MailboxConfig.ImapSecurity.STARTTLS) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        return Session.getInstance(props);
    }

    /** The mailbox refused the username or password: retrying will not help. */
    public static final class AuthenticationFailed extends MessagingException {
        AuthenticationFailed(String message) {
            super(message);
        }
    }
}
