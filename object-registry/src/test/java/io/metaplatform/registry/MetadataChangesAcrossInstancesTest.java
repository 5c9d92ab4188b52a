package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.SharedRedis;
import io.metaplatform.registry.internal.CurrentSchemas;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A metadata change made on one server instance is used by the others at their next request:
 * through Redis pub/sub at once, and without a message by the periodic recheck. The second
 * instance is a second {@link CurrentSchemas} whose loads read the version from the database.
 */
class MetadataChangesAcrossInstancesTest extends RegistryTestSupport {

    private static final Duration NEVER = Duration.ofHours(1);

    @Autowired
    SharedRedis redis;

    @Test
    void aChangeOnOneInstanceReachesAnotherThroughRedisAtOnce() throws InterruptedException {
        var otherInstance = new CurrentSchemas(redis, NEVER, 100);
        assertThat(redis.available()).as("these tests expect the Redis of the development machine").isTrue();
        assertThat(versionSeenBy(otherInstance)).isZero();

        addField("tier");

        assertThat(awaitVersion(otherInstance, 1, Duration.ofSeconds(3))).isEqualTo(1);
    }

    @Test
    void withoutRedisAnotherInstanceSeesTheChangeAfterTheRecheckInterval() throws InterruptedException {
        SharedRedis none = Optional::empty;
        var otherInstance = new CurrentSchemas(none, Duration.ofMillis(300), 100);
        assertThat(versionSeenBy(otherInstance)).isZero();

        addField("tier");

        assertThat(awaitVersion(otherInstance, 1, Duration.ofSeconds(3))).isEqualTo(1);
    }

    @Test
    void thisInstanceUsesItsOwnChangeAtTheNextCall() {
        inTenant(() -> metadata.schema());

        addField("tier");

        assertThat(inTenant(() -> metadata.schema()).object("company").orElseThrow().field("tier")).isPresent();
    }

    private void addField(String name) {
        run(() -> metadata.createField("company", new NewField(name, null, null, new FieldType.Text(50), null, null), "admin"));
    }

    private long versionSeenBy(CurrentSchemas instance) {
        Supplier<EffectiveSchema> fromDatabase = () -> new EffectiveSchema(metadata.version(), List.of());
        return inTenant(() -> instance.get(tenant, fromDatabase).version());
    }

    private long awaitVersion(CurrentSchemas instance, long expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long seen = versionSeenBy(instance);
        while (seen != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = versionSeenBy(instance);
        }
        return seen;
    }
}
