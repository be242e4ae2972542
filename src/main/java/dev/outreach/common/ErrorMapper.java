package dev.outreach.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns exceptions into the API's error body. Messages are written for the caller; class names,
 * stack traces and SQL never leave the server (the log has them, under the correlation id).
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<ErrorPages> pages;

    /** A console page for a person, when the request is for one (issue 30); else null and the API's JSON. */
    private Response page(int status, jakarta.ws.rs.core.UriInfo uri) {
        String path = uri == null ? null : uri.getPath();
        if (path == null || !(path.equals("/console") || path.startsWith("/console/")) || !pages.isResolvable()) {
            return null;
        }
        return pages.get().page(status, path);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, jakarta.ws.rs.core.UriInfo uri) {
        Response page = page(403, uri);
        return page != null ? page : json(Response.Status.FORBIDDEN, ErrorBody.of(null, "your role may not do this"));
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorBody(e.errors()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return json(Response.Status.CONFLICT, ErrorBody.of(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, jakarta.ws.rs.core.UriInfo uri) {
        Response page = page(404, uri);
        return page != null ? page : json(Response.Status.NOT_FOUND, ErrorBody.of(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response staleState(StaleStateException e) {
        return changedMeanwhile();
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e) {
        return changedMeanwhile();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return json(Response.Status.BAD_REQUEST, new ErrorBody(errors));
    }

    /** Quarkus has built-in mappers for these Jackson types; ours must be as specific to win. */
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response notJson(JsonParseException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return json(
                    Response.Status.BAD_REQUEST,
                    ErrorBody.of(
                            pathOf(unknown),
                            "unknown field; accepted fields are "
                                    + unknown.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .collect(Collectors.joining(", "))));
        }
        if (e instanceof InvalidFormatException format) {
            return json(
                    Response.Status.BAD_REQUEST,
                    ErrorBody.of(
                            pathOf(format),
                            "expected a value of type " + format.getTargetType().getSimpleName()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return json(Response.Status.BAD_REQUEST, ErrorBody.of(pathOf(mapping), "has the wrong type or shape"));
        }
        return json(Response.Status.BAD_REQUEST, ErrorBody.of("body", "is not valid JSON"));
    }

    /**
     * quarkus-rest-csrf decodes a signed form's token as Base64 and throws on one that is not (a forged
     * {@code forged-…} token): that is a wrong token, so a 400 like any other, never a 500.
     */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("io.quarkus.csrf.")) {
                return json(
                        Response.Status.BAD_REQUEST,
                        ErrorBody.of(
                                "csrf-token",
                                "is not a token this form was given; " + "reload the page and send it again"));
            }
        }
        return internal(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        Response page = status == 404 || status == 403 ? page(status, uri) : null;
        if (page != null) {
            return page;
        }
        if (status >= 500) {
            return internal(e);
        }
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "unsupported media type";
            default -> "bad request";
        };
        if (status == 400 && e.getMessage() != null && !e.getMessage().startsWith("HTTP ")) {
            message = e.getMessage();
        }
        return json(Response.Status.fromStatusCode(status), ErrorBody.of(null, message));
    }

    /**
     * A value PostgreSQL cannot store (SQLSTATE class 22: a NUL byte, a number out of range, text
     * too long) that no check caught earlier: the caller's input, so a 400, never a 500.
     */
    @ServerExceptionMapper
    public Response unstorable(PgException e) {
        if (e.getSqlState() != null && e.getSqlState().startsWith("22")) {
            LOG.warnf(
                    "A value could not be stored (SQLSTATE %s, correlation id %s): %s",
                    e.getSqlState(), Correlation.current(), e.getErrorMessage());
            return json(
                    Response.Status.BAD_REQUEST,
                    ErrorBody.of(null, "a value contains characters or numbers that cannot be stored"));
        }
        return internal(e);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response internal(Exception e) {
        String correlation = Correlation.current();
        LOG.errorf(e, "Unhandled error (correlation id %s)", correlation);
        return json(
                Response.Status.INTERNAL_SERVER_ERROR,
                ErrorBody.of(null, "internal error; quote correlation id " + correlation));
    }

    private static Response changedMeanwhile() {
        return json(
                Response.Status.CONFLICT,
                ErrorBody.of("version", "changed by someone else in the meantime; reload and try again"));
    }

    private static Response json(Response.Status status, ErrorBody body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = null;
        for (var node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                field = node.getName();
            }
        }
        return field == null ? "body" : field;
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
