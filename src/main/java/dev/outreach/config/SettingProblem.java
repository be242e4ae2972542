package dev.outreach.config;

/** What is wrong with one setting: the form's field and the message start-up gives for it. */
public record SettingProblem(String field, String message) {}
