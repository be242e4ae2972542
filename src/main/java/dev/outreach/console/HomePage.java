package dev.outreach.console;

import dev.outreach.config.ProviderStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public front door: a sign-in link, or a plain statement that login is not configured. */
@Path("/")
@PermitAll
public class HomePage {

    private final ProviderStatus providers;

    HomePage(ProviderStatus providers) {
        this.providers = providers;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance home(boolean loginAvailable);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home() {
        return Templates.home(providers.loginAvailable());
    }
}
