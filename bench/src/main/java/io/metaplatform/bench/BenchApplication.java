package io.metaplatform.bench;

import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The persistence plumbing of the platform core plus the object registry, without web and security:
 * what the registry's own tests assemble, pointed at the {@link BenchDatabase}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ComponentScan(basePackages = {"io.metaplatform.core.internal.persistence", "io.metaplatform.core.internal.redis", "io.metaplatform.registry"})
final class BenchApplication {

    @Bean
    SqlCapture sqlCapture() {
        return new SqlCapture();
    }

    @Bean
    ExecuteListenerProvider sqlCaptureListener(SqlCapture capture) {
        return new DefaultExecuteListenerProvider(capture);
    }

    /** Starts the context; command-line properties outrank environment variables such as {@code PLATFORM_DB_URL}. */
    static ConfigurableApplicationContext start(BenchDatabase database) {
        return start(database, context -> { });
    }

    /** As {@link #start(BenchDatabase)}, with {@code initializer} run on the context first (to register a bean of the benchmark's). */
    static ConfigurableApplicationContext start(BenchDatabase database,
            org.springframework.context.ApplicationContextInitializer<org.springframework.context.ConfigurableApplicationContext> initializer) {
        SpringApplication application = new SpringApplication(BenchApplication.class);
        application.addInitializers(initializer);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        return application.run(
                "--platform.db.url=" + database.url(),
                "--platform.db.user=" + database.ownerUser(),
                "--platform.db.password=" + database.ownerPassword(),
                "--platform.db.app-user=" + database.appUser(),
                "--platform.db.app-password=" + database.appPassword(),
                "--platform.db.pool-size=4",
                "--platform.redis.url=",
                // The connectors' health contributor lives in connector-runtime, which this context does not load.
                "--management.endpoint.health.validate-group-membership=false",
                "--spring.jooq.sql-dialect=postgres",
                "--logging.level.root=WARN",
                "--logging.level.org.jooq.Constants=OFF",
                // jOOQ 3.21 warns that PostgreSQL 15 is older than its dialect's reference version; the registry targets 15.
                "--logging.level.org.jooq.impl.DefaultExecuteContext=ERROR");
    }
}
