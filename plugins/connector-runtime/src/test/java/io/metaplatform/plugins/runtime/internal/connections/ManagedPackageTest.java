package io.metaplatform.plugins.runtime.internal.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.internal.packages.ManagedPackageStore.InstalledPackage;
import io.metaplatform.plugins.runtime.internal.packages.ManagedPackages;
import io.metaplatform.registry.FieldChange;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewObject;
import io.metaplatform.registry.ObjectChange;
import io.metaplatform.registry.ObjectDefinition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ManagedPackageTest extends ConnectionsTestSupport {

    @Autowired
    MetadataService metadata;
    @Autowired
    ManagedPackages packages;
    @Autowired
    PackagedConnector packaged;

    @AfterEach
    void pluginBackToItsFirstVersion() throws Exception {
        var field = PackagedConnector.class.getDeclaredField("version");
        field.setAccessible(true);
        field.setInt(packaged, 1);
    }

    @Test
    void creatingAConnectionInstallsTheConnectorsObjectsAndFields() {
        createPackaged("salon");

        ObjectDefinition visit = inTenant(() -> metadata.schema().object("tpVisit")).orElseThrow();
        assertThat(visit.fields().stream().map(field -> field.apiName().value())).contains("start", "attendance", "client");
        assertThat(fieldType("tpVisit", "client")).isInstanceOf(FieldType.Relation.class);
        assertThat(inTenant(() -> metadata.schema().object("contact")).orElseThrow().fields().stream()
                .filter(field -> field.apiName().value().equals("tpClientId")).findFirst().orElseThrow().unique()).isTrue();
        InstalledPackage installed = inTenant(() -> packages.list()).getFirst();
        assertThat(installed.connectorId()).isEqualTo(PackagedConnector.ID);
        assertThat(installed.version()).isEqualTo(1);
        assertThat(installed.paths()).containsExactly("contact.tpClientId", "tpVisit", "tpVisit.attendance", "tpVisit.client", "tpVisit.start");
        assertThat(inTenant(() -> packages.inUse(PackagedConnector.ID))).isTrue();
    }

    @Test
    void aConnectionThatCannotBeCreatedLeavesNoPackageBehind() {
        inTenant(() -> connections.create(new NewConnection(TestConnector.ID, "salon", Map.of("apiKey", "k"), List.of(), "PT1H"), "admin"));
        long version = inTenant(() -> metadata.version());

        assertThatThrownBy(() -> createPackaged("salon")).isInstanceOfSatisfying(PlatformException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        assertThat(inTenant(() -> packages.list())).isEmpty();
        assertThat(inTenant(() -> metadata.schema().object("tpVisit"))).isEmpty();
        assertThat(inTenant(() -> metadata.version())).as("the install rolled back with the connection").isEqualTo(version);
        createPackaged("another salon");
        assertThat(inTenant(() -> metadata.schema().object("tpVisit"))).isPresent();
    }

    @Test
    void theManagerOfEachManagedDefinitionIsKnownByIdForListings() {
        createPackaged("salon");

        Map<java.util.UUID, String> managed = inTenant(() -> metadata.managedDefinitions());

        ObjectDefinition visit = inTenant(() -> metadata.schema().object("tpVisit")).orElseThrow();
        ObjectDefinition contact = inTenant(() -> metadata.schema().object("contact")).orElseThrow();
        assertThat(managed).containsEntry(visit.id().value(), "connector " + PackagedConnector.ID)
                .containsEntry(visit.field("start").orElseThrow().id().value(), "connector " + PackagedConnector.ID)
                .containsEntry(contact.field("tpClientId").orElseThrow().id().value(), "connector " + PackagedConnector.ID)
                .doesNotContainKey(contact.id().value()).doesNotContainKey(contact.field("lastName").orElseThrow().id().value());
        assertThat(as(io.metaplatform.core.TenantId.random(), () -> metadata.managedDefinitions())).isEmpty();
    }

    @Test
    void aSecondConnectionReusesTheInstalledPackage() {
        createPackaged("salon");
        long version = inTenant(() -> metadata.version());

        createPackaged("second salon");

        assertThat(inTenant(() -> metadata.version())).isEqualTo(version);
    }

    @Test
    void adminCannotDeleteRenameOrRetypeManagedDefinitionsWhileAConnectionExists() {
        createPackaged("salon");

        assertManaged(() -> metadata.deleteObject("tpVisit", null, "admin"));
        assertManaged(() -> metadata.updateObject("tpVisit", new ObjectChange("tpAppointment", null, null, null), null, "admin"));
        assertManaged(() -> metadata.deleteField("contact", "tpClientId", null, "admin"));
        assertManaged(() -> metadata.updateField("tpVisit", "start", new FieldChange(null, null, null, null, new FieldType.Text(100), null),
                null, "admin"));
        assertManaged(() -> metadata.updateField("tpVisit", "start", new FieldChange("begin", null, null, null, null, null), null, "admin"));
    }

    @Test
    void adminMayRelabelManagedDefinitionsAndTheirOptions() {
        createPackaged("salon");
        var attendance = (FieldType.Select) fieldType("tpVisit", "attendance");
        var relabelled = new FieldType.Select(attendance.options().stream()
                .map(option -> new io.metaplatform.registry.SelectOption(option.id(), option.value(), "Label " + option.value(),
                        option.position(), option.color(), option.retired())).toList());

        inTenant(() -> metadata.updateObject("tpVisit", new ObjectChange(null, "Appointment", "Appointments", null), null, "admin"));
        inTenant(() -> metadata.updateField("tpVisit", "attendance", new FieldChange(null, "Came?", null, null, relabelled, null), null, "admin"));

        assertThat(inTenant(() -> metadata.schema().object("tpVisit")).orElseThrow().labelSingular()).isEqualTo("Appointment");
        assertThat(((FieldType.Select) fieldType("tpVisit", "attendance")).options().getFirst().label()).isEqualTo("Label WAITING");
    }

    @Test
    void aNewerPluginUpgradesThePackageInPlaceKeepingTheAdminsLabels() {
        Connection connection = createPackaged("salon");
        inTenant(() -> metadata.updateObject("tpVisit", new ObjectChange(null, "Appointment", null, null), null, "admin"));

        packaged.upgrade();
        inTenant(() -> {
            connections.check(connection.id());
            return connections.enable(connection.id());
        });

        assertThat(fieldType("tpVisit", "notes")).isInstanceOf(FieldType.LongText.class);
        assertThat(inTenant(() -> metadata.schema().object("tpVisit")).orElseThrow().labelSingular()).isEqualTo("Appointment");
        InstalledPackage installed = inTenant(() -> packages.list()).getFirst();
        assertThat(installed.version()).isEqualTo(2);
        assertThat(installed.pluginVersion()).isEqualTo("2.0.0");
        assertThat(installed.paths()).contains("tpVisit.notes");
    }

    @Test
    void anEnabledConnectionsNextRunUpgradesThePackageOfANewerPlugin() {
        Connection connection = createPackaged("salon");
        inTenant(() -> {
            connections.check(connection.id());
            return connections.enable(connection.id());
        });

        packaged.upgrade();
        UUID run = inTenant(() -> connections.runNow(connection.id())).id();
        await(() -> lastRun(connection.id()).filter(last -> last.id().equals(run) && last.status() != RunStatus.RUNNING).isPresent());

        assertThat(fieldType("tpVisit", "notes")).isInstanceOf(FieldType.LongText.class);
        InstalledPackage installed = inTenant(() -> packages.list()).getFirst();
        assertThat(installed.version()).isEqualTo(2);
        assertThat(installed.paths()).contains("tpVisit.notes");
    }

    @Test
    void deletingTheLastConnectionLeavesTheDefinitionsForTheAdminToDelete() {
        Connection first = createPackaged("salon");
        Connection second = createPackaged("second salon");

        inTenant(() -> {
            connections.delete(first.id());
            return null;
        });
        assertManaged(() -> metadata.deleteField("contact", "tpClientId", null, "admin"));
        inTenant(() -> {
            connections.delete(second.id());
            return null;
        });

        assertThat(inTenant(() -> metadata.schema().object("tpVisit"))).isPresent();
        assertThat(inTenant(() -> packages.inUse(PackagedConnector.ID))).isFalse();
        inTenant(() -> {
            metadata.deleteField("contact", "tpClientId", null, "admin");
            return null;
        });
        assertThat(inTenant(() -> metadata.schema().object("contact")).orElseThrow().fields().stream()
                .noneMatch(field -> field.apiName().value().equals("tpClientId"))).isTrue();
    }

    @Test
    void anAdminsOwnDefinitionOfTheSameNameIsNeverTakenOver() {
        inTenant(() -> metadata.createObject(new NewObject("tpVisit", "My visit", "My visits", null), "admin"));

        assertThatThrownBy(() -> createPackaged("salon"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(fields(e)).containsExactly("managedPackage.tpVisit");
                    assertThat(codes(e)).containsExactly("DEFINITION_EXISTS");
                });
        assertThat(inTenant(() -> connections.list())).isEmpty();
        assertThat(inTenant(() -> packages.list())).isEmpty();
        assertThat(inTenant(() -> metadata.schema().object("contact")).orElseThrow().fields().stream()
                .noneMatch(field -> field.apiName().value().equals("tpClientId"))).isTrue();
    }

    @Test
    void anotherTenantNeitherSeesNorIsBoundByThePackage() {
        createPackaged("salon");
        TenantId other = TenantId.random();

        assertThat(as(other, () -> packages.list())).isEmpty();
        assertThat(as(other, () -> metadata.schema().object("tpVisit"))).isEmpty();
        as(other, () -> metadata.createObject(new NewObject("tpVisit", "Their visit", "Their visits", null), "admin"));
        as(other, () -> {
            metadata.deleteObject("tpVisit", null, "admin");
            return null;
        });
        assertThat(inTenant(() -> metadata.schema().object("tpVisit"))).isPresent();
        assertManaged(() -> metadata.deleteObject("tpVisit", null, "admin"));
    }

    @Test
    void packageTablesHaveForcedRowLevelSecurity() {
        var protectedTables = db.fetch("""
                select c.relname from pg_class c where c.relname like 'connector\\_managed\\_%' and c.relkind = 'r'
                   and c.relrowsecurity and c.relforcerowsecurity
                   and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation')
                 order by c.relname""").getValues(0, String.class);

        assertThat(protectedTables).containsExactly("connector_managed_definition", "connector_managed_package");
    }

    private Connection createPackaged(String name) {
        return inTenant(() -> connections.create(new NewConnection(PackagedConnector.ID, name, Map.of("apiKey", "k"), List.of(), "PT1H"),
                "admin"));
    }

    private FieldType fieldType(String object, String field) {
        return inTenant(() -> metadata.schema().object(object)).orElseThrow().fields().stream()
                .filter(candidate -> candidate.apiName().value().equals(field)).findFirst().orElseThrow().type();
    }

    private void assertManaged(Runnable change) {
        assertThatThrownBy(() -> inTenant(() -> {
            change.run();
            return null;
        })).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(codes(e)).containsExactly("MANAGED");
            assertThat(e.getMessage()).contains("managed by connector " + PackagedConnector.ID);
        });
    }
}
