package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metaplatform.core.Caller;
import io.metaplatform.registry.RecordPolicies;
import io.metaplatform.registry.RecordPolicy;
import io.metaplatform.registry.RecordPolicy.ObjectAccess;
import io.metaplatform.registry.RecordPolicy.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** A sync job reads and writes records as the connection's service principal, under the policy of its role. */
@Import(ServicePrincipalTest.RolePolicies.class)
class ServicePrincipalTest extends SyncTestSupport {

    /** Role {@code syncer} may do everything; role {@code viewer} may only read. Remembers who asked. */
    @TestConfiguration
    @org.springframework.context.annotation.Primary
    static class RolePolicies implements RecordPolicies {

        final List<Caller> asked = new CopyOnWriteArrayList<>();

        @Override
        public RecordPolicy policyFor(Caller caller) {
            asked.add(caller);
            if (caller.roles().contains("syncer")) {
                return RecordPolicy.unrestricted();
            }
            return object -> new ObjectAccess(Set.of(Operation.READ), true, Set.of(), Set.of(), Optional.empty(), Optional.empty());
        }
    }

    @Autowired
    RolePolicies policies;

    @BeforeEach
    void nobodyAskedYet() {
        policies.asked.clear();
        connector.reader = context -> {
            context.sink().record(company("1", null, "Alpha"));
            context.sink().checkpoint(Map.of());
        };
    }

    @Test
    void aPullWritesAsTheConnectionsServicePrincipalWithItsRole() {
        engine.pull(job(Caller.connector(connection.toString(), Set.of("syncer"))), "companies");

        assertThat(names("company")).containsExactly("Alpha");
        assertThat(policies.asked).isNotEmpty().allSatisfy(caller -> {
            assertThat(caller.kind()).isEqualTo(Caller.Kind.CONNECTOR);
            assertThat(caller.subject()).isEqualTo("connector:" + connection);
            assertThat(caller.roles()).containsExactly("syncer");
        });
    }

    @Test
    void aRoleWithoutCreateWritesNothing() {
        catchThrowable(() -> engine.pull(job(Caller.connector(connection.toString(), Set.of("viewer"))), "companies"));

        assertThat(names("company")).isEmpty();
        assertThat(policies.asked).extracting(Caller::kind).contains(Caller.Kind.CONNECTOR);
    }

    @Test
    void aConnectionWithoutServiceRoleRunsAsThePlatformAsBefore() {
        engine.pull(job(), "companies");

        assertThat(names("company")).containsExactly("Alpha");
        assertThat(policies.asked).as("the platform is never asked about").isEmpty();
    }

    private SyncJob job(Caller principal) {
        SyncJob plain = job();
        return new SyncJob(plain.tenant(), plain.connectionId(), plain.runId(), plain.connector(), plain.configuration(), plain.streams(),
                plain.http(), plain.cancelled(), plain.upload(), principal);
    }
}
