package dev.outreach.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Keeps the application's Vert.x router so that {@link RouteMatrixTest} can list the routes it serves. */
@ApplicationScoped
public class RouterCapture {

    static volatile Router router;

    void capture(@Observes Router router) {
        RouterCapture.router = router;
    }
}
