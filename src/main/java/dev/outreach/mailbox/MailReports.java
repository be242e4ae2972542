package dev.outreach.mailbox;

import dev.outreach.feedback.MessageIds;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-written reports in the sender's mailbox (R-15.1): a delivery status notification (RFC 3464)
 * is a bounce or a delay for its final recipient, an abuse feedback report (RFC 5965) a complaint about
 * its original recipient; each names the Message-ID of our mail it is about.
 */
final class MailReports {

    private static final Pattern ANGLE = Pattern.compile("<([^<>\\s]{3,250})>");
    private static final Pattern STATUS = Pattern.compile("([245])\\.\\d{1,3}\\.\\d{1,3}");

    private MailReports() {}

    /** RFC 3464: one or more per-recipient blocks with Status and Final-Recipient; the returned mail's Message-ID. */
    static ReadMail deliveryStatus(String key, String from, String subject, Multipart report)
            throws MessagingException, IOException {
        String recipient = null;
        String status = null;
        String diagnostic = null;
        String original = null;
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/delivery-status")) {
                for (InternetHeaders block : blocks(part)) {
                    String blockStatus = block.getHeader("Status", null);
                    if (blockStatus == null) {
                        continue;
                    }
                    Matcher m = STATUS.matcher(blockStatus);
                    if (m.find() && (status == null || m.group(1).equals("5"))) {
                        status = m.group();
                        recipient = address(Optional.ofNullable(block.getHeader("Final-Recipient", null))
                                .orElse(block.getHeader("Original-Recipient", null)));
                        diagnostic = block.getHeader("Diagnostic-Code", null);
                    }
                }
            } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
                original = originalHeader(part, "Message-ID");
            }
        }
        if (status == null) {
            return new ReadMail(
                    key,
                    ReadMail.Kind.UNREADABLE,
                    from,
                    subject,
                    "",
                    List.of(),
                    recipient,
                    "a delivery report without a Status field");
        }
        ReadMail.Kind kind = status.startsWith("5") ? ReadMail.Kind.BOUNCE : ReadMail.Kind.DELAY;
        String detail = status + (diagnostic == null ? "" : " " + oneLine(diagnostic));
        return new ReadMail(
                key, kind, from, subject, "", original == null ? List.of() : List.of(original), recipient, detail);
    }

    /** RFC 5965: Feedback-Type abuse (or fraud, virus…) with the original recipient and Message-ID. */
    static ReadMail feedbackReport(String key, String from, String subject, Multipart report)
            throws MessagingException, IOException {
        String feedbackType = null;
        String recipient = null;
        String original = null;
        String originalTo = null;
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/feedback-report")) {
                for (InternetHeaders block : blocks(part)) {
                    feedbackType = Optional.ofNullable(block.getHeader("Feedback-Type", null))
                            .orElse(feedbackType);
                    recipient = Optional.ofNullable(address(block.getHeader("Original-Rcpt-To", null)))
                            .orElse(recipient);
                }
            } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
                original = originalHeader(part, "Message-ID");
                originalTo = address(originalHeader(part, "To"));
            }
        }
        String about = recipient != null ? recipient : originalTo;
        return new ReadMail(
                key,
                ReadMail.Kind.COMPLAINT,
                from,
                subject,
                "",
                original == null ? List.of() : List.of(original),
                about,
                "feedback report: " + (feedbackType == null ? "abuse" : feedbackType.strip()));
    }

    /** The header blocks of a report part, separated by blank lines. */
    private static List<InternetHeaders> blocks(Part part) throws MessagingException, IOException {
        String text = new String(MailParser.read(part.getInputStream()), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<InternetHeaders> blocks = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            if (!block.isBlank()) {
                blocks.add(new InternetHeaders(
                        new ByteArrayInputStream((block.strip() + "\n\n").getBytes(StandardCharsets.UTF_8))));
            }
        }
        return blocks;
    }

    private static String originalHeader(Part part, String name) throws MessagingException, IOException {
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(MailParser.read(part.getInputStream())));
        String value = headers.getHeader(name, null);
        if (value == null) {
            return null;
        }
        return name.equals("Message-ID")
                ? Optional.ofNullable(MessageIds.first(value)).orElse(value.strip())
                : value;
    }

    /** "rfc822; someone@example.com" → someone@example.com. */
    static String address(String field) {
        if (field == null) {
            return null;
        }
        String value = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        Matcher angle = ANGLE.matcher(value);
        value = angle.find() ? angle.group(1) : value;
        value = value.strip().toLowerCase(Locale.ROOT);
        return value.contains("@") ? value : null;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
