package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetadataInOneVersionTest extends RegistryTestSupport {

    private static NewField text(String apiName) {
        return new NewField(apiName, apiName, null, new FieldType.Text(100), Constraints.NONE, null);
    }

    @Test
    void severalChangesShareOneVersionAndAreLoggedUnderIt() {
        run(() -> metadata.inOneVersion(() -> {
            metadata.createObject(new NewObject("studioBooking", "Studio booking", null, null), "ci");
            metadata.createField("studioBooking", text("code"), "ci");
            return metadata.createField("company", text("industry"), "ci");
        }));

        EffectiveSchema schema = inTenant(() -> metadata.schema());
        assertThat(schema.version()).isEqualTo(1);
        assertThat(schema.object("studioBooking").orElseThrow().field("code")).isPresent();
        assertThat(schema.object("company").orElseThrow().field("industry")).isPresent();
        assertThat(inTenant(() -> metadata.changes(0, 10))).extracting(MetadataChangeEntry::metadataVersion).containsOnly(1L);
    }

    @Test
    void aFailingChangeRollsBackTheEarlierOnesAndTheBump() {
        assertThatThrownBy(() -> run(() -> metadata.inOneVersion(() -> {
            metadata.createField("company", text("industry"), "ci");
            return metadata.createField("company", text("industry"), "ci");
        }))).isInstanceOf(PlatformException.class);

        assertThat(inTenant(() -> metadata.version())).isZero();
        assertThat(inTenant(() -> metadata.schema()).object("company").orElseThrow().field("industry")).isEmpty();
        assertThat(inTenant(() -> metadata.changes(0, 10))).isEmpty();
    }

    @Test
    void laterChangesSeeTheEarlierOnesOfTheSameVersion() {
        run(() -> metadata.inOneVersion(() -> {
            metadata.createField("company", text("industry"), "ci");
            return metadata.updateField("company", "industry", new FieldChange("sector", null, null, null, null, null), null, "ci");
        }));

        assertThat(inTenant(() -> metadata.schema()).object("company").orElseThrow().field("sector")).isPresent();
        assertThat(inTenant(() -> metadata.version())).isEqualTo(1);
    }

    @Test
    void refusesNestingAndAnotherTenantInside() {
        TenantId other = TenantId.random();
        assertThatThrownBy(() -> run(() -> metadata.inOneVersion(() -> metadata.inOneVersion(() -> 1))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> run(() -> metadata.inOneVersion(() -> as(other, () -> metadata.createField("company", text("x"), "ci")))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(as(other, () -> metadata.version())).isZero();
        assertThat(inTenant(() -> metadata.version())).isZero();
    }

    @Test
    void concurrentCallsForOneTenantSerialise() throws Exception {
        CountDownLatch firstHoldsTheVersion = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = pool.submit(() -> inTenant(() -> metadata.inOneVersion(() -> {
                metadata.createField("company", text("first"), "ci");
                firstHoldsTheVersion.countDown();
                await(release);
                return metadata.schema().version();
            })));
            firstHoldsTheVersion.await(10, TimeUnit.SECONDS);
            Future<Boolean> second = pool.submit(() -> inTenant(() -> metadata.inOneVersion(() ->
                    // runs only after the first committed, so it sees the first's field
                    metadata.createField("company", text("second"), "ci") != null
                            && metadata.schema().object("company").orElseThrow().field("first").isPresent())));
            Thread.sleep(300);
            assertThat(second.isDone()).as("waits for the first").isFalse();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(inTenant(() -> metadata.version())).isEqualTo(2);
        assertThat(inTenant(() -> metadata.changes(0, 10))).extracting(MetadataChangeEntry::metadataVersion).containsExactly(1L, 2L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
