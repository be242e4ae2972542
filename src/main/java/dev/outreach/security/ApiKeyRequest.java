package dev.outreach.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented in {@code X-API-Key} (or {@code Authorization: ApiKey …}). */
public class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
