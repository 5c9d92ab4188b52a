package io.metaplatform.tenants;

/** A key just created, with its secret: the only time the secret is shown. */
public record CreatedApiKey(ApiKey apiKey, String secret) {

    @Override
    public String toString() {
        return "CreatedApiKey[apiKey=" + apiKey + ", secret=(hidden)]";
    }
}
