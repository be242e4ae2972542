package dev.outreach.common;

/** One problem with one input field, as the API reports it: {@code {"field":"phone","message":"…"}}. */
public record FieldError(String field, String message) {}
