package dev.outreach.security;

/** The two roles of SPEC §15: operators review, approve, reject and import; admins do everything. */
public final class Roles {

    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {}
}
