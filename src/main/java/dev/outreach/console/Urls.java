package dev.outreach.console;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A value put into a link's query, in templates: {@code /console/leads?q={tag.urlEncoded}}. */
@TemplateExtension
final class Urls {

    private Urls() {}

    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
