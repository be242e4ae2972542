package dev.outreach.mailbox;

import dev.outreach.feedback.MessageIds;
import dev.outreach.feedback.ReplyText;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * What a mail in the sender's mailbox is: a delivery status notification (RFC 3464), an
 * abuse feedback report (RFC 5965), an unsubscribe sent to our List-Unsubscribe mailto address, an
 * automatic reply (RFC 3834 and the usual headers and subjects), or a reply. Only the text parts and
 * the report parts are read, never an attachment, and at most {@link #MAX_PART_BYTES} of each; a mail
 * that cannot be read is {@code UNREADABLE}, never an exception.
 */
public final class MailParser {

    static final int MAX_PART_BYTES = 256 * 1024;
    static final int MAX_DEPTH = 8;
    private static final Pattern UNSUBSCRIBE = Pattern.compile("(?i)^\\s*unsubscribe\\s+([A-Za-z0-9_-]{22})\\s*$");
    private static final Pattern AUTO_SUBJECT = Pattern.compile(
            "(?i)^\\s*(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|abwesenheitsnotiz"
                    + "|i am (currently )?(out of|away)|on (annual )?leave|vacation reply)");

    private MailParser() {}

    public static ReadMail parse(MimeMessage mail) {
        String key = keyOf(mail);
        try {
            String from = from(mail);
            String subject = Optional.ofNullable(mail.getSubject()).orElse("");
            ContentType type = contentType(mail);
            if (type != null && type.match("multipart/report")) {
                String report = Optional.ofNullable(type.getParameter("report-type"))
                        .orElse("")
                        .toLowerCase(Locale.ROOT);
                if (report.equals("delivery-status")) {
                    return MailReports.deliveryStatus(key, from, subject, (Multipart) mail.getContent());
                }
                if (report.equals("feedback-report")) {
                    return MailReports.feedbackReport(key, from, subject, (Multipart) mail.getContent());
                }
            }
            Matcher unsubscribe = UNSUBSCRIBE.matcher(subject);
            if (unsubscribe.matches()) {
                return new ReadMail(
                        key, ReadMail.Kind.UNSUBSCRIBE, from, subject, "", List.of(), from, unsubscribe.group(1));
            }
            String text = ReplyText.ownWords(text(mail, 0));
            ReadMail.Kind kind = automatic(mail, subject) ? ReadMail.Kind.AUTO_REPLY : ReadMail.Kind.REPLY;
            return new ReadMail(key, kind, from, subject, text, references(mail), null, null);
        } catch (MessagingException | IOException | RuntimeException e) {
            return new ReadMail(
                    key,
                    ReadMail.Kind.UNREADABLE,
                    safeFrom(mail),
                    safeSubject(mail),
                    "",
                    List.of(),
                    null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The plain text of the mail: the first text/plain part, else the first text/html part as text. */
    private static String text(Part part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return "";
        }
        if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return decoded(part);
        }
        if (part.isMimeType("text/html") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return Jsoup.parse(decoded(part)).wholeText();
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType("text/plain") || child.isMimeType("multipart/*")) {
                    String found = text(child, depth + 1);
                    if (!found.isBlank()) {
                        return found;
                    }
                } else if (html == null && child.isMimeType("text/html")) {
                    html = text(child, depth + 1);
                }
            }
            return html == null ? "" : html;
        }
        return "";
    }

    /** A text part in its declared charset, or UTF-8 when the charset is unknown; at most MAX_PART_BYTES. */
    private static String decoded(Part part) throws MessagingException, IOException {
        byte[] bytes = read(part.getInputStream());
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
            return new String(
                    bytes, charset == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(charset));
        } catch (IllegalArgumentException | jakarta.mail.internet.ParseException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** At most {@link #MAX_PART_BYTES} of a part. */
    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(MAX_PART_BYTES);
        }
    }

    private static boolean automatic(MimeMessage mail, String subject) throws MessagingException {
        String auto = mail.getHeader("Auto-Submitted", null);
        if (auto != null && !auto.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (mail.getHeader("X-Autoreply", null) != null || mail.getHeader("X-Autorespond", null) != null) {
            return true;
        }
        String precedence = Optional.ofNullable(mail.getHeader("Precedence", null))
                .orElse("")
                .toLowerCase(Locale.ROOT);
        return precedence.contains("auto_reply")
                || AUTO_SUBJECT.matcher(subject).find();
    }

    private static List<String> references(MimeMessage mail) throws MessagingException {
        return MessageIds.answered(mail.getHeader("In-Reply-To", " "), mail.getHeader("References", " "));
    }

    private static String keyOf(MimeMessage mail) {
        try {
            String id = mail.getMessageID();
            if (id != null && !id.isBlank()) {
                return id.strip();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String header : new String[] {"From", "To", "Date", "Subject"}) {
                String value = mail.getHeader(header, ",");
                sha.update((header + ":" + (value == null ? "" : value) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha.update(Integer.toString(mail.getSize()).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (MessagingException | NoSuchAlgorithmException e) {
            return "unreadable:" + System.identityHashCode(mail) + ":" + System.nanoTime();
        }
    }

    private static String from(MimeMessage mail) throws MessagingException {
        Address[] from = mail.getFrom();
        if (from == null || from.length == 0) {
            return null;
        }
        return from[0] instanceof InternetAddress address && address.getAddress() != null
                ? address.getAddress().toLowerCase(Locale.ROOT)
                : from[0].toString();
    }

    private static String safeFrom(MimeMessage mail) {
        try {
            return from(mail);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String safeSubject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static ContentType contentType(MimeMessage mail) throws MessagingException {
        try {
            return new ContentType(mail.getContentType());
        } catch (jakarta.mail.internet.ParseException e) {
            return null;
        }
    }
}
