package dev.outreach.source;

import dev.outreach.contact.Contacts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds a business's published email on its own website when a source gave none (R-1.6): the home
 * page first, then at most three of its contact or about pages on the same host, each fetched only
 * where robots.txt allows. A mailto link beats an address in the text, and an address at the
 * website's own domain beats any other.
 */
@ApplicationScoped
public class ContactEmails {

    static final int MAX_CONTACT_PAGES = 3;
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,200}\\.[A-Za-z]{2,24}");
    private static final Pattern CONTACT_LINK =
            Pattern.compile("contact|about|reach|kontakt|enquir|get-in-touch", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NOT_CONTACTS = Set.of("png", "jpg", "jpeg", "gif", "webp", "svg", "css", "js");

    private final WebPages pages;

    ContactEmails(WebPages pages) {
        this.pages = pages;
    }

    public Uni<Optional<String>> find(String website) {
        URI home = homePage(website);
        if (home == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        String host = Contacts.websiteHost(website).orElse(home.getHost());
        return pages.fetch(home)
                .flatMap(page -> {
                    if (page.isEmpty()) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    Document document =
                            Jsoup.parse(page.get().html(), page.get().url().toString());
                    Optional<String> found = best(addresses(document), host);
                    if (found.isPresent()) {
                        return Uni.createFrom().item(found);
                    }
                    return contactPages(document, home, 0);
                })
                .onFailure()
                .recoverWithItem(Optional.empty());
    }

    private Uni<Optional<String>> contactPages(Document home, URI homeUrl, int index) {
        List<URI> links = contactLinks(home, homeUrl);
        if (index >= links.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String host = homeUrl.getHost();
        return pages.fetch(links.get(index)).flatMap(page -> {
            Optional<String> found = page.flatMap(
                    p -> best(addresses(Jsoup.parse(p.html(), p.url().toString())), host));
            return found.isPresent() ? Uni.createFrom().item(found) : contactPages(home, homeUrl, index + 1);
        });
    }

    static List<URI> contactLinks(Document document, URI home) {
        Set<URI> links = new LinkedHashSet<>();
        for (Element a : document.select("a[href]")) {
            String href = a.absUrl("href");
            if (href.isEmpty()
                    || !(CONTACT_LINK.matcher(href).find()
                            || CONTACT_LINK.matcher(a.text()).find())) {
                continue;
            }
            try {
                URI uri = URI.create(href.replace(" ", "%20"));
                if (home.getHost().equalsIgnoreCase(uri.getHost())) {
                    links.add(new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), uri.getQuery(), null));
                }
            } catch (IllegalArgumentException | java.net.URISyntaxException e) {
                // not a link we can follow
            }
            if (links.size() == MAX_CONTACT_PAGES) {
                break;
            }
        }
        return new ArrayList<>(links);
    }

    /** Addresses on the page: mailto links first, then addresses written in the text. */
    static List<String> addresses(Document document) {
        Set<String> found = new LinkedHashSet<>();
        for (Element a : document.select("a[href^=mailto:]")) {
            String address = a.attr("href")
                    .substring("mailto:".length())
                    .split("\\?", 2)[0]
                    .strip();
            if (EMAIL.matcher(address).matches()) {
                found.add(address.toLowerCase(Locale.ROOT));
            }
        }
        Matcher m = EMAIL.matcher(document.text());
        while (m.find()) {
            found.add(m.group().toLowerCase(Locale.ROOT));
        }
        found.removeIf(ContactEmails::notAContact);
        return new ArrayList<>(found);
    }

    static Optional<String> best(List<String> addresses, String host) {
        String domain = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return addresses.stream()
                .filter(a -> {
                    String at = Contacts.emailDomain(a);
                    return at.equals(domain) || domain.endsWith("." + at) || at.endsWith("." + domain);
                })
                .findFirst()
                .or(() -> addresses.stream().findFirst());
    }

    private static boolean notAContact(String address) {
        String domain = Contacts.emailDomain(address);
        String last = domain.substring(domain.lastIndexOf('.') + 1);
        return NOT_CONTACTS.contains(last)
                || domain.endsWith("sentry.io")
                || domain.endsWith("wixpress.com")
                || domain.equals("example.com")
                || address.startsWith("noreply@")
                || address.startsWith("no-reply@");
    }

    private static URI homePage(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        String url = website.strip();
        if (!url.matches("(?i)^https?://.*")) {
            url = "https://" + url;
        }
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
