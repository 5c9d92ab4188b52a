package io.metaplatform.core.internal.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.db.*}: the database to use. With {@code url} set, it is used as configured; otherwise
 * the server looks for a local PostgreSQL and then an embedded one (see {@link DatabaseResolver}).
 *
 * @param url JDBC URL of the platform database ({@code PLATFORM_DB_URL})
 * @param user owner role that runs migrations ({@code PLATFORM_DB_USER})
 * @param password owner password ({@code PLATFORM_DB_PASSWORD})
 * @param appUser application role, owns nothing, no BYPASSRLS ({@code PLATFORM_DB_APP_USER})
 * @param appPassword application role password ({@code PLATFORM_DB_APP_PASSWORD})
 * @param localHost host of the local server tried without a URL
 * @param localPort port of the local server tried without a URL
 * @param localDatabase database created on the local server
 * @param poolSize maximum connections of the application pool
 */
@ConfigurationProperties("platform.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        String appUser,
        String appPassword,
        String localHost,
        Integer localPort,
        String localDatabase,
        Integer poolSize) {

    public DatabaseProperties {
        user = user == null || user.isBlank() ? "postgres" : user;
        appUser = appUser == null || appUser.isBlank() ? "platform_app" : appUser;
        localHost = localHost == null ? "127.0.0.1" : localHost;
        localPort = localPort == null ? 5432 : localPort;
        localDatabase = localDatabase == null ? "platform" : localDatabase;
        poolSize = poolSize == null ? 10 : poolSize;
    }

    boolean explicit() {
        return url != null && !url.isBlank();
    }
}
