package dev.outreach.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The live-mode guard's view of the sender: a live message must name the real sender,
 * company and postal address, and link to real privacy and scheduling pages. The built-in defaults,
 * the values shipped in {@code .env.example} and {@code k8s/configmap.yaml}, and addresses or links on
 * the reserved example domains (RFC 2606) are placeholders; each is named by its variable.
 */
public final class SenderIdentity {

    /** Values our own templates ship with, whatever their case. */
    static final Set<String> SHIPPED =
            Set.of("your name", "your company", "street, city, postcode, country", "outreach@example.com");

    private static final Set<String> EXAMPLE_DOMAINS =
            Set.of("example.com", "example.org", "example.net", "example.invalid");

    private SenderIdentity() {}

    /** What is still a placeholder, one sentence per variable; empty when the sender may go live. */
    public static List<String> placeholders(CampaignConfig.Sender sender) {
        List<String> problems = new ArrayList<>();
        text(problems, "OUTREACH_SENDER_NAME", sender.name(), CampaignConfig.Placeholders.NAME);
        text(problems, "OUTREACH_SENDER_COMPANY", sender.company(), CampaignConfig.Placeholders.COMPANY);
        text(problems, "OUTREACH_SENDER_ADDRESS", sender.address(), CampaignConfig.Placeholders.ADDRESS);
        if (placeholderEmail(sender.email())) {
            problems.add("OUTREACH_SENDER_EMAIL is still a placeholder (" + sender.email() + ")");
        }
        link(problems, "OUTREACH_SENDER_PRIVACY_URL", sender.privacyUrl());
        link(problems, "OUTREACH_SENDER_SCHEDULING_URL", sender.schedulingUrl());
        return problems;
    }

    private static void text(List<String> problems, String variable, String value, String builtIn) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()
                || v.equals(builtIn)
                || SHIPPED.contains(v.toLowerCase(Locale.ROOT))
                || v.contains("(set OUTREACH_")) {
            problems.add(variable + " is still a placeholder ('" + v + "')");
        }
    }

    private static void link(List<String> problems, String variable, URI url) {
        String host = url == null || url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || example(host)) {
            problems.add(variable + " is still a placeholder (" + url + "): link your real page");
        } else if (!"https".equalsIgnoreCase(url.getScheme())) {
            problems.add(variable + " must be an https:// link (" + url + ")");
        }
    }

    /** An address nobody reads: a shipped placeholder, or on a reserved example domain. */
    public static boolean placeholderEmail(String address) {
        String email = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        return email.isEmpty()
                || email.equals(CampaignConfig.Placeholders.EMAIL)
                || SHIPPED.contains(email)
                || example(email.substring(email.lastIndexOf('@') + 1));
    }

    private static boolean example(String host) {
        return EXAMPLE_DOMAINS.contains(host)
                || host.endsWith(".invalid")
                || EXAMPLE_DOMAINS.stream().anyMatch(d -> host.endsWith("." + d));
    }
}
