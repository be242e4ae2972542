package dev.outreach.verify;

import dev.outreach.contact.Contacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Local email checks that need no network (R-2.1): the domain is not a disposable (throwaway)
 * provider and not a personal free-mail provider, judged against two maintained lists shipped as
 * resources ({@code verify/*.txt}, with their source and date). Role accounts (info@, sales@ …) are
 * normal for businesses and accepted. Syntax is checked at intake.
 */
@ApplicationScoped
public class EmailChecks {

    static final double LOCAL_ONLY_CONFIDENCE = 0.75;
    static final String DISPOSABLE_LIST = "verify/disposable-domains.txt";
    static final String FREE_MAIL_LIST = "verify/free-mail-domains.txt";

    private final DomainList disposable = DomainList.load(DISPOSABLE_LIST);
    private final DomainList freeMail = DomainList.load(FREE_MAIL_LIST);

    public EmailVerdict check(String email) {
        String domain = Contacts.emailDomain(email);
        if (disposable.contains(domain)) {
            return new EmailVerdict(
                    email,
                    false,
                    false,
                    0.05,
                    "disposable",
                    List.of(domain + " is a disposable email provider"),
                    "local");
        }
        if (freeMail.contains(domain)) {
            return new EmailVerdict(
                    email, true, false, 0.3, "personal", List.of(domain + " is a personal free-mail domain"), "local");
        }
        return new EmailVerdict(email, true, true, LOCAL_ONLY_CONFIDENCE, "deliverable", List.of(), "local");
    }

    /** How many domains each list holds (for the start-up log and tests). */
    public int[] listSizes() {
        return new int[] {disposable.size(), freeMail.size()};
    }
}
