package io.metaplatform.plugins.runtime.internal.oauth;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_OAUTH_TOKEN;

import io.metaplatform.core.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The rows of {@code connector_oauth_token}; values arrive and leave sealed. */
@Repository
class OAuthTokenStore {

    private final DSLContext db;

    OAuthTokenStore(DSLContext db) {
        this.db = db;
    }

    /** A row as stored: tokens sealed. */
    record SealedTokens(String accessToken, String refreshToken, Instant expiresAt, long version, Optional<String> redirectUri) {
    }

    /**
     * The connection's row, locked until the transaction ends ({@code for update}): concurrent
     * refreshes of the connection, on any instance, wait here.
     */
    Optional<SealedTokens> lock(TenantId tenant, UUID connectionId) {
        return db.selectFrom(CONNECTOR_OAUTH_TOKEN)
                .where(CONNECTOR_OAUTH_TOKEN.TENANT_ID.eq(tenant.value()))
                .and(CONNECTOR_OAUTH_TOKEN.CONNECTION_ID.eq(connectionId))
                .forUpdate()
                .fetchOptional(row -> new SealedTokens(row.getAccessToken(), row.getRefreshToken(), instant(row.getExpiresAt()),
                        row.getVersion(), Optional.ofNullable(row.getRedirectUri())));
    }

    /**
     * Inserts or replaces the connection's tokens, bumping the version; the redirect URI of the grant
     * is replaced only when one is given (a refresh keeps the grant's).
     */
    void save(TenantId tenant, UUID connectionId, String accessToken, String refreshToken, Instant expiresAt, Instant now,
            Optional<String> redirectUri) {
        db.insertInto(CONNECTOR_OAUTH_TOKEN)
                .set(CONNECTOR_OAUTH_TOKEN.TENANT_ID, tenant.value())
                .set(CONNECTOR_OAUTH_TOKEN.CONNECTION_ID, connectionId)
                .set(CONNECTOR_OAUTH_TOKEN.ACCESS_TOKEN, accessToken)
                .set(CONNECTOR_OAUTH_TOKEN.REFRESH_TOKEN, refreshToken)
                .set(CONNECTOR_OAUTH_TOKEN.EXPIRES_AT, utc(expiresAt))
                .set(CONNECTOR_OAUTH_TOKEN.UPDATED_AT, utc(now))
                .set(CONNECTOR_OAUTH_TOKEN.VERSION, 1L)
                .set(CONNECTOR_OAUTH_TOKEN.REDIRECT_URI, redirectUri.orElse(null))
                .onConflict(CONNECTOR_OAUTH_TOKEN.TENANT_ID, CONNECTOR_OAUTH_TOKEN.CONNECTION_ID)
                .doUpdate()
                .set(CONNECTOR_OAUTH_TOKEN.ACCESS_TOKEN, accessToken)
                .set(CONNECTOR_OAUTH_TOKEN.REFRESH_TOKEN, refreshToken)
                .set(CONNECTOR_OAUTH_TOKEN.EXPIRES_AT, utc(expiresAt))
                .set(CONNECTOR_OAUTH_TOKEN.UPDATED_AT, utc(now))
                .set(CONNECTOR_OAUTH_TOKEN.VERSION, CONNECTOR_OAUTH_TOKEN.VERSION.plus(1))
                .set(CONNECTOR_OAUTH_TOKEN.REDIRECT_URI, redirectUri.isPresent()
                        ? org.jooq.impl.DSL.val(redirectUri.get()) : CONNECTOR_OAUTH_TOKEN.REDIRECT_URI)
                .execute();
    }

    boolean delete(TenantId tenant, UUID connectionId) {
        return db.deleteFrom(CONNECTOR_OAUTH_TOKEN)
                .where(CONNECTOR_OAUTH_TOKEN.TENANT_ID.eq(tenant.value()))
                .and(CONNECTOR_OAUTH_TOKEN.CONNECTION_ID.eq(connectionId))
                .execute() > 0;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
