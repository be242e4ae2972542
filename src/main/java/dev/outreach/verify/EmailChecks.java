package dev.outreach.verify;

import dev.outreach.lead.LeadNormalizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Local email checks that need no network: the address is well formed and the domain is not a
 * personal free-mail provider. Role accounts (info@, sales@ …) are normal for businesses
 * and accepted.
 */
@ApplicationScoped
public class EmailChecks {

    static final double LOCAL_ONLY_CONFIDENCE = 0.75;
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.in",
            "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "rediffmail.com",
            "proton.me", "protonmail.com", "gmx.com", "zoho.com", "yandex.com", "mail.com");

    public EmailVerdict check(String email) {
        String domain = LeadNormalizer.emailDomain(email);
        List<String> reasons = new ArrayList<>();
        boolean business = !FREE_MAIL.contains(domain);
        if (!business) {
            reasons.add(domain + " is a personal free-mail domain");
        }
        return new EmailVerdict(email, true, business, business ? LOCAL_ONLY_CONFIDENCE : 0.3,
                business ? "deliverable" : "personal", reasons, "local");
    }
}
