package dev.outreach.console;

import dev.outreach.common.ErrorPages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The console's own "not found" and "not yours to see" pages, in its style and words (issue 30). */
@ApplicationScoped
class ConsoleErrorPages implements ErrorPages {

    private final Template error;

    ConsoleErrorPages(@Location("console/error.html") Template error) {
        this.error = error;
    }

    /**
     * A role check that fails before the page's resource runs (its {@code @RolesAllowed}) reaches the HTTP
     * layer, not the REST exception mappers: the console answers it with its page here.
     */
    void forbiddenPages(@jakarta.enterprise.event.Observes io.vertx.ext.web.Router router) {
        // Before the security layer's own failure handler, which answers a bare 403.
        router.route("/console/*").order(Integer.MIN_VALUE).failureHandler(event -> {
            if (event.failure() instanceof io.quarkus.security.ForbiddenException
                    && !event.response().headWritten()) {
                event.response()
                        .setStatusCode(403)
                        .putHeader("Content-Type", "text/html;charset=UTF-8")
                        .putHeader("Cache-Control", "no-store")
                        .end(body(403, event.normalizedPath()));
            } else {
                event.next();
            }
        });
    }

    @Override
    public Response page(int status, String path) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(body(status, path))
                .build();
    }

    private String body(int status, String path) {
        boolean forbidden = status == 403;
        String title = forbidden ? "This page is for admins" : "There is no such page";
        String text = forbidden
                ? "You are signed in without the admin role, so this page is not shown to you. Ask the agency's admin if you need it."
                : "Nothing is at " + path + ". It may have been removed, or the link is mistyped.";
        return error.data("title", title).data("text", text).render();
    }
}
