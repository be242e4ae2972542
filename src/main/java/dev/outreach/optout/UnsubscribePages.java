package dev.outreach.optout;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The public unsubscribe pages: no login, no cookies, nothing but the one question. */
@CheckedTemplate(basePath = "unsubscribe")
final class UnsubscribePages {

    private UnsubscribePages() {}

    static native TemplateInstance confirm(String lang, java.util.Map<String, String> w);

    static native TemplateInstance done(String lang, java.util.Map<String, String> w);

    static native TemplateInstance unknown();

    static native TemplateInstance unavailable();
}
