package dev.outreach.deliverability;

import dev.outreach.deliverability.SenderDomain.Check;
import dev.outreach.deliverability.SenderDomain.State;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Judges the sender domain's TXT records (R-14.2), as answered by DNS. Pure, so that the verdict for
 * any answer can be checked as a property.
 */
public final class DomainRecords {

    private DomainRecords() {}

    /**
     * The TXT strings found at one name, or why the question went unanswered (a timeout, a failing
     * resolver). A name that does not exist has no strings and no failure.
     */
    public record Answer(List<String> strings, String failure) {

        public static Answer of(List<String> strings) {
            return new Answer(List.copyOf(strings), null);
        }

        public static Answer failed(String why) {
            return new Answer(List.of(), why);
        }
    }

    /** The key we sign with ({@code d=} domain, {@code s=} selector), or null when we do not sign. */
    public record Signing(String selector, String domain, String publicKey) {

        public String name() {
            return selector + "._domainkey." + domain;
        }
    }

    public static SenderDomain judge(
            String domain, Answer apex, Answer dmarc, Answer dkim, Signing signing, Instant at) {
        return new SenderDomain(domain, spf(domain, apex), dkim(dkim, signing), dmarc(domain, dmarc), at);
    }

    static Check spf(String domain, Answer apex) {
        String publish = domain + " TXT \"v=spf1 include:<your mail provider's SPF domain> -all\"";
        if (apex.failure() != null) {
            return new Check(State.FAIL, "DNS did not answer for " + domain + " (" + apex.failure() + ")", null);
        }
        List<String> records = tagged(apex.strings(), "v=spf1");
        if (records.isEmpty()) {
            return new Check(State.MISSING, domain + " has no SPF record", publish);
        }
        if (records.size() > 1) {
            return new Check(
                    State.FAIL,
                    domain + " has " + records.size() + " SPF records, and receivers treat "
                            + "more than one as an error (RFC 7208 §3.2)",
                    "one record merging " + String.join(" and ", records));
        }
        return new Check(State.PASS, records.get(0), null);
    }

    static Check dmarc(String domain, Answer answer) {
        String name = "_dmarc." + domain;
        String publish = name + " TXT \"v=DMARC1; p=none; rua=mailto:dmarc@" + domain + "\"";
        if (answer.failure() != null) {
            return new Check(State.FAIL, "DNS did not answer for " + name + " (" + answer.failure() + ")", null);
        }
        List<String> records = tagged(answer.strings(), "v=DMARC1");
        if (records.isEmpty()) {
            return new Check(State.MISSING, domain + " has no DMARC record at " + name, publish);
        }
        if (records.size() > 1) {
            return new Check(
                    State.FAIL,
                    name + " has " + records.size() + " DMARC records; receivers ignore them all "
                            + "(RFC 7489 §6.6.3)",
                    publish);
        }
        if (tag(records.get(0), "p") == null) {
            return new Check(State.FAIL, "the DMARC record at " + name + " has no policy (p=)", publish);
        }
        return new Check(State.PASS, records.get(0), null);
    }

    static Check dkim(Answer answer, Signing signing) {
        if (signing == null) {
            return new Check(State.NOT_CONFIGURED, "mail is not signed (OUTREACH_DKIM_SELECTOR is not set)", null);
        }
        String name = signing.name();
        String publish = name + " TXT \"v=DKIM1; k=rsa; p=" + signing.publicKey() + "\"";
        if (answer.failure() != null) {
            return new Check(State.FAIL, "DNS did not answer for " + name + " (" + answer.failure() + ")", null);
        }
        if (answer.strings().isEmpty()) {
            return new Check(State.MISSING, "no DKIM key is published at " + name, publish);
        }
        // A key is longer than one TXT string (255 bytes): the strings of the record are one text.
        String record = String.join("", answer.strings());
        String published = tag(record, "p");
        if (published == null || published.isEmpty()) {
            return new Check(
                    State.FAIL, "the DKIM record at " + name + " has no key (p= is empty or missing)", publish);
        }
        if (!published.replaceAll("\\s", "").equals(signing.publicKey())) {
            return new Check(
                    State.FAIL,
                    "the DKIM key published at " + name + " is not the one in "
                            + "OUTREACH_DKIM_PRIVATE_KEY_PATH, so receivers cannot verify our signature",
                    publish);
        }
        return new Check(State.PASS, "the key at " + name + " matches our signing key", null);
    }

    /** The strings that start with {@code version} (case-insensitive), followed by a space, ';' or the end. */
    private static List<String> tagged(List<String> strings, String version) {
        return strings.stream()
                .map(String::strip)
                .filter(s -> {
                    String lower = s.toLowerCase(Locale.ROOT);
                    String v = version.toLowerCase(Locale.ROOT);
                    return lower.startsWith(v)
                            && (lower.length() == v.length()
                                    || lower.charAt(v.length()) == ' '
                                    || lower.charAt(v.length()) == ';');
                })
                .toList();
    }

    /** The value of a {@code tag=value} in a {@code ;}-separated record, or null. */
    static String tag(String record, String name) {
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }
}
