package dev.outreach.common;

import java.util.List;

/** The error body of every 4xx answer of the API (SPEC §15): {@code {"errors":[{field, message}]}}. */
public record ErrorBody(List<FieldError> errors) {

    public static ErrorBody of(String field, String message) {
        return new ErrorBody(List.of(new FieldError(field, message)));
    }
}
