package dev.outreach.common;

import jakarta.ws.rs.core.Response;

/**
 * A page, not a JSON body, for an error a person meets in the console (issue 30): a page that does not
 * exist or is not theirs to see. Implemented by {@code console.ConsoleErrorPages}; {@link ErrorMapper}
 * asks it for requests under {@code /console}, so that the error mapping need not know the console.
 */
public interface ErrorPages {

    /** The page for {@code status} (404 or 403) at {@code path}. */
    Response page(int status, String path);
}
