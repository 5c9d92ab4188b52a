package io.metaplatform.plugins.runtime.internal.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.Caller;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.registry.RecordPolicy;
import io.metaplatform.registry.RoleService;
import io.metaplatform.registry.TenantRole;
import io.metaplatform.registry.TenantRole.FieldScope;
import io.metaplatform.registry.TenantRole.ObjectGrant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin chooses the tenant role a connection's service principal holds; its jobs run as that principal. */
class ConnectionServiceRoleTest extends ConnectionsTestSupport {

    @Autowired
    RunExecutor executor;
    @Autowired
    ConnectionStore store;
    @Autowired
    RoleService roles;

    @BeforeEach
    void twoRoles() {
        for (String name : List.of("syncer", "importer")) {
            inTenant(() -> roles.saveRole(new TenantRole(name, null, false, List.of(new ObjectGrant("company",
                    EnumSet.of(RecordPolicy.Operation.READ), FieldScope.ALL, Map.of(), null, null))), "admin"));
        }
    }

    @Test
    void aConnectionsJobsRunAsItsServicePrincipalHoldingTheChosenRole() {
        Connection created = inTenant(() -> connections.create(new NewConnection(TestConnector.ID, "CRM", Map.of("apiKey", SECRET), List.of(),
                null, "syncer"), "admin"));

        assertThat(created.serviceRole()).contains("syncer");
        assertThat(principal(created.id())).isEqualTo(Caller.connector(created.id().toString(), Set.of("syncer")));
    }

    @Test
    void withoutAServiceRoleAConnectionRunsAsThePlatformAsBefore() {
        Connection created = create("CRM", Map.of("apiKey", SECRET));

        assertThat(created.serviceRole()).isEmpty();
        assertThat(principal(created.id())).isEqualTo(Caller.system());
    }

    @Test
    void theRoleIsChangedKeptOrRemovedByAnUpdate() {
        Connection created = create("CRM", Map.of("apiKey", SECRET));
        UUID id = created.id();

        assertThat(update(id, new ConnectionChange(null, Map.of(), List.of(), null, Optional.of("importer"))).serviceRole()).contains("importer");
        assertThat(update(id, new ConnectionChange("CRM 2", Map.of(), List.of(), null)).serviceRole()).as("left out keeps it").contains("importer");
        assertThat(update(id, new ConnectionChange(null, Map.of(), List.of(), null, Optional.empty())).serviceRole()).isEmpty();
    }

    @Test
    void aRoleTheTenantDoesNotHaveIsRefusedNamingTheField() {
        for (String name : List.of("root", "no spaces; drop table")) {
            assertThatThrownBy(() -> inTenant(() -> connections.create(new NewConnection(TestConnector.ID, "CRM", Map.of("apiKey", SECRET),
                    List.of(), null, name), "admin")))
                    .isInstanceOfSatisfying(PlatformException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                        assertThat(fields(e)).containsExactly("input.serviceRole");
                        assertThat(codes(e)).containsExactly("UNKNOWN_ROLE");
                    });
        }
        UUID id = create("CRM", Map.of("apiKey", SECRET)).id();
        assertThatThrownBy(() -> update(id, new ConnectionChange(null, Map.of(), List.of(), null, Optional.of("root"))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(codes(e)).containsExactly("UNKNOWN_ROLE"));
        assertThat(inTenant(() -> connections.get(id)).serviceRole()).isEmpty();
    }

    @Test
    void aRoleAConnectionHoldsCannotBeDeletedUntilTheConnectionLetsItGo() {
        UUID id = inTenant(() -> connections.create(new NewConnection(TestConnector.ID, "CRM", Map.of("apiKey", SECRET), List.of(), null,
                "syncer"), "admin")).id();

        assertThatThrownBy(() -> inTenant(() -> {
            roles.deleteRole("syncer", "admin");
            return null;
        })).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(fields(e)).containsExactly("name");
            assertThat(codes(e)).containsExactly("IN_USE");
            assertThat(e.getMessage()).contains("connection 'CRM' (" + id + ")");
        });
        assertThat(inTenant(() -> roles.role("syncer"))).isPresent();

        update(id, new ConnectionChange(null, Map.of(), List.of(), null, Optional.empty()));
        inTenant(() -> {
            roles.deleteRole("syncer", "admin");
            return null;
        });
        assertThat(inTenant(() -> roles.role("syncer"))).isEmpty();
    }

    private Connection update(UUID id, ConnectionChange change) {
        return inTenant(() -> connections.update(id, change, "admin"));
    }

    private Caller principal(UUID id) {
        ConnectionRow row = inTenant(() -> transactions.execute(status -> store.find(tenant, id))).orElseThrow();
        return inTenant(() -> executor.prepare(row, UUID.randomUUID(), () -> false, Optional.empty()).job().principal());
    }
}
