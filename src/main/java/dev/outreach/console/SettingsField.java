package dev.outreach.console;

/** One field of the Settings page's form: what it is, what it holds, and what is wrong with it, if anything. */
public record SettingsField(String name, String label, String type, String value, String hint, String error) {}
