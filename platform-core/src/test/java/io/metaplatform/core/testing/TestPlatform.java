package io.metaplatform.core.testing;

import io.metaplatform.core.DevIssuer;
import io.metaplatform.core.DevIssuer.TokenRequest;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every Spring Boot test context at the run's {@link TestDatabase}, a temporary data directory and
 * the dev issuer (profile {@code test}). Registered through {@code META-INF/spring.factories}.
 */
public final class TestPlatform implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static Path dataDirectory;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestDatabase.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("platform.db.url", database.url());
        properties.put("platform.db.user", database.ownerUser());
        properties.put("platform.db.password", database.ownerPassword());
        properties.put("platform.db.app-user", database.appUser());
        properties.put("platform.db.app-password", database.appPassword());
        properties.put("platform.data-dir", dataDirectory().toString());
        properties.put("platform.security.dev-issuer.enabled", "true");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-platform", properties));
        context.getEnvironment().addActiveProfile("test");
    }

    public static synchronized Path dataDirectory() {
        if (dataDirectory == null) {
            try {
                dataDirectory = Files.createTempDirectory("platform-test-data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDirectory;
    }

    /** The dev issuer the test contexts trust. */
    public static DevIssuer issuer() {
        return DevIssuer.loadOrCreate(dataDirectory(), DevIssuer.DEFAULT_ISSUER);
    }

    /** A valid token for a tenant's user with these roles. */
    public static String token(TenantId tenant, Role... roles) {
        return issuer().mint(TokenRequest.of("user-" + tenant, tenant, roles));
    }

    /** A valid platform operator token without a tenant. */
    public static String operatorToken() {
        return issuer().mint(TokenRequest.of("operator", null, Role.PLATFORM_OPERATOR));
    }
}
