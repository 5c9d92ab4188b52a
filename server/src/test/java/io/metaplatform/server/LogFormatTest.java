package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Which console format the server's own configuration chooses: a developer reads plain lines, a log
 * pipeline gets JSON. Only the configuration is resolved, so the test JVM's logging stays as it is.
 */
class LogFormatTest {

    private static final String CONSOLE_FORMAT = "logging.structured.format.console";

    @Test
    void productionLogsAreEcsJsonByDefault() {
        assertThat(resolve(Map.of()).getProperty(CONSOLE_FORMAT)).isEqualTo("ecs");
    }

    @Test
    void productionFormatFollowsTheVariable() {
        assertThat(resolve(Map.of("PLATFORM_LOG_FORMAT", "logstash")).getProperty(CONSOLE_FORMAT)).isEqualTo("logstash");
    }

    @Test
    void developerProfileLogsPlainLines() {
        // Spring Boot falls back to its human-readable pattern when the structured format is empty.
        assertThat(resolve(Map.of(), "local").getProperty(CONSOLE_FORMAT)).isEmpty();
    }

    @Test
    void developerProfileStillHonoursAnExplicitFormat() {
        assertThat(resolve(Map.of("PLATFORM_LOG_FORMAT", "ecs"), "local").getProperty(CONSOLE_FORMAT)).isEqualTo("ecs");
    }

    private static StandardEnvironment resolve(Map<String, Object> variables, String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource("variables", variables));
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(), new DefaultBootstrapContext(), profiles);
        return environment;
    }
}
