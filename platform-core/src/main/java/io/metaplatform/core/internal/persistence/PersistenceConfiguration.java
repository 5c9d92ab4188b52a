package io.metaplatform.core.internal.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.metaplatform.core.DatabaseCoordinates;
import io.metaplatform.core.FallbackDatabase;
import io.metaplatform.core.StatementReads;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class PersistenceConfiguration {

    @Bean
    DatabaseCoordinates databaseCoordinates(DatabaseProperties properties, @Value("${platform.data-dir:.data}") Path dataDirectory,
            ObjectProvider<FallbackDatabase> fallback) {
        return new DatabaseResolver(properties, dataDirectory, Optional.ofNullable(fallback.getIfAvailable())).resolve();
    }

    /** The pool every query runs on: the application role, subject to row-level security. */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseCoordinates database, DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("platform");
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.appUser());
        config.setPassword(database.appPassword());
        config.setMaximumPoolSize(properties.poolSize());
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    @Bean
    TenantSetting tenantSetting(@Value("${platform.db.statement-timeout:15s}") java.time.Duration statementTimeout) {
        return new TenantSetting(statementTimeout);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource, TenantSetting setting) {
        return new TenantAwareTransactionManager(dataSource, setting);
    }

    @Bean
    StatementReads statementReads(DataSource dataSource, TenantSetting setting, PlatformTransactionManager transactions,
            @Value("${platform.db.statement-scoped-reads:true}") boolean statementScoped) {
        return statementScoped ? new StatementScopedReads(dataSource, setting) : new TransactionalReads(transactions);
    }

    /** Migrations run as the owner; {@code ${app_role}} in scripts names the application role. */
    @Bean
    FlywayConfigurationCustomizer migrateAsOwner(DatabaseCoordinates database) {
        return configuration -> configuration
                .dataSource(database.jdbcUrl(), database.ownerUser(), database.ownerPassword())
                .placeholders(Map.of("app_role", database.appUser()))
                .locations("classpath:db/migration", "classpath:db/callback");
    }

    /** Counts every jOOQ statement on its thread ({@link io.metaplatform.core.StatementCounter}). */
    @Bean
    org.jooq.ExecuteListenerProvider statementCounter() {
        return new org.jooq.impl.DefaultExecuteListenerProvider(org.jooq.ExecuteListener.onExecuteStart(
                context -> io.metaplatform.core.StatementCounter.increment()));
    }

    /**
     * A statement PostgreSQL stopped at the statement timeout (SQLSTATE 57014; the platform cancels no statement itself)
     * becomes {@link io.metaplatform.core.ErrorCode#QUERY_TIMEOUT}, a code the caller can act on, instead of an internal
     * error with its stack trace logged. Operators see each one in {@code platform_db_statement_timeouts_total} and in a
     * warning with the statement's text (its shape: the values are bind parameters, never in the text), since a GraphQL
     * answer that carries it is still HTTP 200.
     */
    @Bean
    org.jooq.ExecuteListenerProvider statementTimeouts(TenantSetting setting, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
        String message = "The query ran longer than the statement timeout (" + setting.statementTimeout().toMillis() + " ms) and was stopped;"
                + " narrow it (a filter, a smaller page, fewer relations) or try again later.";
        io.micrometer.core.instrument.MeterRegistry meters = registry.getIfAvailable();
        io.micrometer.core.instrument.Counter timeouts = meters == null ? null
                : io.micrometer.core.instrument.Counter.builder("platform.db.statement.timeouts")
                        .description("SQL statements PostgreSQL stopped at the statement timeout (answered QUERY_TIMEOUT)").register(meters);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PersistenceConfiguration.class);
        return new org.jooq.impl.DefaultExecuteListenerProvider(org.jooq.ExecuteListener.onException(context -> {
            java.sql.SQLException cause = context.sqlException();
            if (cause != null && "57014".equals(cause.getSQLState())) {
                if (timeouts != null) {
                    timeouts.increment();
                }
                String sql = context.sql();
                log.warn("A statement ran longer than the statement timeout ({} ms) and was stopped: {}", setting.statementTimeout().toMillis(),
                        sql == null ? "(text unknown)" : sql.length() > 500 ? sql.substring(0, 500) + "…" : sql);
                context.exception(new io.metaplatform.core.PlatformException(io.metaplatform.core.ErrorCode.QUERY_TIMEOUT, message));
            }
        }));
    }

    /** Refuses to serve when the application role could bypass row-level security. */
    @Bean
    SmartInitializingSingleton applicationRoleCheck(JdbcTemplate jdbc) {
        return () -> new ApplicationRoleCheck(jdbc).verify();
    }
}
