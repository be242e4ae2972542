package dev.outreach.source;

import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadInput;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A public business directory as a lead source: a listing page and CSS selectors saying
 * where each entry and its fields are (jsoup), followed page by page through the "next" link. Pages
 * are fetched by {@link WebPages}: only where robots.txt allows, at its pace, with our user agent.
 * A selector ending in {@code @attr} takes that attribute (e.g. {@code a.site@href}); otherwise the
 * element's text.
 */
@ApplicationScoped
public class DirectorySource implements LeadSource {

    public static final String NAME = "directory";

    private final WebPages pages;
    private final OutreachConfig config;

    DirectorySource(WebPages pages, OutreachConfig config) {
        this.pages = pages;
        this.config = config;
    }

    /** Where the entries are on a listing page; null selectors are not read. */
    public record Listing(
            String startUrl,
            String item,
            String name,
            String phone,
            String website,
            String email,
            String city,
            String category,
            String next) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean available() {
        return true;
    }

    public Multi<LeadInput> search(Listing listing, String category, String city, int limit) {
        int maxPages = config.crawler().maxPages();
        return Multi.createBy()
                .repeating()
                .uni(() -> new Cursor(URI.create(listing.startUrl())), cursor -> page(cursor, listing))
                .whilst(result -> result.next() != null && result.pageNumber() < maxPages)
                .onItem()
                .transformToIterable(result -> result.entries())
                .select()
                .first(limit)
                .map(entry -> entry.toInput(category, city));
    }

    private static final class Cursor {
        URI url;
        int pages;

        Cursor(URI start) {
            this.url = start;
        }
    }

    record Entry(String name, String phone, String website, String email, String city, String category, String page) {
        LeadInput toInput(String defaultCategory, String defaultCity) {
            return new LeadInput(
                    NAME,
                    name,
                    city != null ? city : defaultCity,
                    category != null ? category : defaultCategory,
                    website,
                    email,
                    phone,
                    null,
                    null,
                    Map.of("directoryPage", page));
        }
    }

    record PageResult(List<Entry> entries, URI next, int pageNumber) {}

    private Uni<PageResult> page(Cursor cursor, Listing listing) {
        URI url = cursor.url;
        if (url == null) {
            return Uni.createFrom().item(new PageResult(List.of(), null, cursor.pages));
        }
        return pages.fetch(url).map(page -> {
            cursor.pages++;
            if (page.isEmpty()) {
                if (cursor.pages == 1) {
                    throw new SourceUnavailable("the directory page " + url
                            + " may not be fetched (robots.txt disallows it, or it is not a public web page)");
                }
                cursor.url = null;
                return new PageResult(List.of(), null, cursor.pages);
            }
            Document document = Jsoup.parse(page.get().html(), page.get().url().toString());
            List<Entry> entries = new ArrayList<>();
            for (Element item : document.select(listing.item())) {
                entries.add(new Entry(
                        read(item, listing.name()),
                        read(item, listing.phone()),
                        read(item, listing.website()),
                        email(read(item, listing.email())),
                        read(item, listing.city()),
                        read(item, listing.category()),
                        url.toString()));
            }
            URI next = Optional.ofNullable(listing.next())
                    .map(selector -> read(document, selector))
                    .filter(href -> !href.isBlank())
                    .map(URI::create)
                    .orElse(null);
            cursor.url = next;
            return new PageResult(entries, next, cursor.pages);
        });
    }

    static String read(Element scope, String selector) {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        String css = selector;
        String attribute = null;
        int at = selector.lastIndexOf('@');
        if (at > 0) {
            css = selector.substring(0, at);
            attribute = selector.substring(at + 1);
        }
        Element element = scope.selectFirst(css);
        if (element == null) {
            return null;
        }
        String value = attribute == null
                ? element.text()
                : attribute.equals("href") || attribute.equals("src")
                        ? element.absUrl(attribute)
                        : element.attr(attribute);
        value = value.strip();
        return value.isEmpty() ? null : value;
    }

    private static String email(String value) {
        if (value == null) {
            return null;
        }
        String address = value.startsWith("mailto:") ? value.substring(7).split("\\?", 2)[0] : value;
        return address.strip();
    }
}
