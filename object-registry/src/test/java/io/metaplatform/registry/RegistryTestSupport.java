package io.metaplatform.registry;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Each test works in a tenant of its own, so tests never see each other's data. */
@SpringBootTest
abstract class RegistryTestSupport {

    @Autowired
    MetadataService metadata;
    @Autowired
    RecordService records;

    TenantId tenant;

    @BeforeEach
    void freshTenant() {
        tenant = TenantId.random();
    }

    <T> T as(TenantId who, Supplier<T> work) {
        return TenantContext.callAs(who, work);
    }

    <T> T inTenant(Supplier<T> work) {
        return as(tenant, work);
    }

    void run(Runnable work) {
        as(tenant, () -> {
            work.run();
            return null;
        });
    }

    static List<String> violationFields(PlatformException e) {
        return e.violations().stream().map(Violation::field).toList();
    }

    static List<String> violationCodes(PlatformException e) {
        return e.violations().stream().map(Violation::code).toList();
    }

    /** Waits until the background fill of the field's index slot is done and queries use the slot. */
    FieldDefinition awaitIndexed(String object, String field) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            FieldDefinition current = inTenant(() -> metadata.schema().object(object).orElseThrow().field(field).orElseThrow());
            if (current.storage() instanceof Storage.CustomKey key && key.indexReady()) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("index of " + object + "." + field + " not filled within 60 s: " + current.storage());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    FieldDefinition addField(String object, String apiName, FieldType type) {
        return addField(object, apiName, type, Constraints.NONE);
    }

    FieldDefinition addField(String object, String apiName, FieldType type, Constraints constraints) {
        return inTenant(() -> metadata.createField(object, new NewField(apiName, null, null, type, constraints, null), "admin"));
    }
}
