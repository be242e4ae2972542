package dev.outreach.compose;

import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * What a written email must satisfy before anyone sees it (R-3.2): plain text (any HTML the model
 * wrote is removed by the OWASP sanitizer, entities decoded), a one-line subject of at most 150
 * characters, a body of 50–150 words that names the sender's business, carries the call to action
 * (the scheduling link), links nowhere else, and has no unresolved placeholder.
 */
@ApplicationScoped
public class DraftCheck {

    static final int MIN_WORDS = 50;
    static final int MAX_WORDS = 150;
    static final int MAX_SUBJECT = 150;
    /** Removes every tag; keeps the text. */
    private static final PolicyFactory NO_HTML = new HtmlPolicyBuilder().toFactory();

    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>()\"']+");
    /** {name}, {{name}}, [Name], <Name>, XXX, T-O-D-O, lorem ipsum: text a writer meant to replace. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{?[^}]*}}?|\\[[A-Za-z _-]{2,30}]|<[A-Za-z _-]{2,30}>|\\bXX+\\b|\\bT[O]DO\\b|lorem ipsum",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private final OutreachConfig config;
    private final LiveSettings live;

    DraftCheck(OutreachConfig config, LiveSettings live) {
        this.config = config;
        this.live = live;
    }

    /** A draft that passed, in plain text. */
    public record Checked(String subject, String body) {}

    /** Why a draft failed; the writer falls back to the template. */
    public static final class Refused extends RuntimeException {
        private final List<String> problems;

        public Refused(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public Checked check(String subject, String body) {
        String s = plain(subject).strip();
        String b = plain(body).replace("\r\n", "\n").strip();
        List<String> problems = new ArrayList<>();
        if (s.isEmpty() || s.length() > MAX_SUBJECT || LINE_BREAK.matcher(s).find()) {
            problems.add("the subject must be one line of 1 to " + MAX_SUBJECT + " characters");
        }
        int words = b.isEmpty() ? 0 : b.split("\\s+").length;
        if (words < MIN_WORDS || words > MAX_WORDS) {
            problems.add("the body has " + words + " words, not " + MIN_WORDS + "–" + MAX_WORDS);
        }
        String company = live.current().sender().company();
        if (!b.toLowerCase(Locale.ROOT).contains(company.toLowerCase(Locale.ROOT))) {
            problems.add("the body does not name " + company);
        }
        String scheduling = live.current().sender().schedulingUrl().toString();
        if (!b.contains(scheduling)) {
            problems.add("the body lacks the call to action " + scheduling);
        }
        Matcher link = LINK.matcher(s + "\n" + b);
        while (link.find()) {
            String found = link.group().replaceAll("[.,;:!?]+$", "");
            if (!allowed(found)) {
                problems.add("the link " + found + " is not allowed");
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(s + "\n" + b);
        if (placeholder.find()) {
            problems.add("unresolved placeholder " + placeholder.group());
        }
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        return new Checked(s, b);
    }

    /**
     * What an operator's answer to a reply must satisfy (issue 29): it is a conversation, so no length or
     * call to action is asked of it, but it links only to the sender's booking or privacy page and holds no
     * placeholder, as every written draft. Returns the problems, none when it passes.
     */
    public List<String> answerProblems(String body) {
        String b = plain(body);
        List<String> problems = new ArrayList<>();
        Matcher link = LINK.matcher(b);
        while (link.find()) {
            String found = link.group().replaceAll("[.,;:!?]+$", "");
            if (!allowed(found)) {
                problems.add("the link " + found + " is not allowed (only "
                        + live.current().sender().schedulingUrl() + " and "
                        + live.current().sender().privacyUrl() + ")");
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(b);
        if (placeholder.find()) {
            problems.add("unresolved placeholder " + placeholder.group());
        }
        return problems;
    }

    private boolean allowed(String link) {
        String scheduling = live.current().sender().schedulingUrl().toString();
        String privacy = live.current().sender().privacyUrl().toString();
        return link.equals(scheduling) || link.startsWith(scheduling + "?") || link.equals(privacy);
    }

    /** Text without markup: tags removed by the sanitizer, the few entities it writes decoded. */
    static String plain(String text) {
        if (text == null) {
            return "";
        }
        String sanitized = NO_HTML.sanitize(text.replace("\r\n", "\n"));
        return sanitized
                .replace("&#64;", "@")
                .replace("&#61;", "=")
                .replace("&#43;", "+")
                .replace("&#96;", "`")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
