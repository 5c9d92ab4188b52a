package io.metaplatform.plugins.runtime.internal.packages;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_CONNECTION;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_MANAGED_DEFINITION;
import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_MANAGED_PACKAGE;

import io.metaplatform.core.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * {@code connector_managed_package} and {@code connector_managed_definition}: tenant-owned, under row-level
 * security; every call needs the tenant bound and a transaction.
 */
@Repository
public class ManagedPackageStore {

    /** An installed package and the paths ({@code ycVisit}, {@code contact.ycClientId}) it manages. */
    public record InstalledPackage(String connectorId, int version, String pluginVersion, Instant installedAt, Instant upgradedAt,
                                   List<String> paths) {
    }

    private final DSLContext db;

    ManagedPackageStore(DSLContext db) {
        this.db = db;
    }

    public Optional<InstalledPackage> find(TenantId tenant, String connectorId) {
        return list(tenant, connectorId).stream().findFirst();
    }

    /** The tenant's packages, by connector id. */
    public List<InstalledPackage> list(TenantId tenant) {
        return list(tenant, null);
    }

    private List<InstalledPackage> list(TenantId tenant, String connectorId) {
        var condition = CONNECTOR_MANAGED_PACKAGE.TENANT_ID.eq(tenant.value());
        if (connectorId != null) {
            condition = condition.and(CONNECTOR_MANAGED_PACKAGE.CONNECTOR_ID.eq(connectorId));
        }
        var packages = db.selectFrom(CONNECTOR_MANAGED_PACKAGE).where(condition).orderBy(CONNECTOR_MANAGED_PACKAGE.CONNECTOR_ID).fetch();
        Map<String, List<String>> paths = new LinkedHashMap<>();
        var definitionCondition = CONNECTOR_MANAGED_DEFINITION.TENANT_ID.eq(tenant.value());
        if (connectorId != null) {
            definitionCondition = definitionCondition.and(CONNECTOR_MANAGED_DEFINITION.CONNECTOR_ID.eq(connectorId));
        }
        db.selectFrom(CONNECTOR_MANAGED_DEFINITION).where(definitionCondition)
                .orderBy(CONNECTOR_MANAGED_DEFINITION.OBJECT_NAME, CONNECTOR_MANAGED_DEFINITION.FIELD_NAME)
                .forEach(row -> paths.computeIfAbsent(row.getConnectorId(), key -> new ArrayList<>())
                        .add(row.getFieldName().isEmpty() ? row.getObjectName() : row.getObjectName() + "." + row.getFieldName()));
        return packages.stream().map(row -> new InstalledPackage(row.getConnectorId(), row.getVersion(), row.getPluginVersion(),
                row.getInstalledAt().toInstant(), row.getUpgradedAt().toInstant(), List.copyOf(paths.getOrDefault(row.getConnectorId(), List.of()))))
                .toList();
    }

    /** Records the package at {@code version}, installing it or moving it to that version. */
    public void upsert(TenantId tenant, String connectorId, int version, String pluginVersion, Instant now) {
        var at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        db.insertInto(CONNECTOR_MANAGED_PACKAGE)
                .set(CONNECTOR_MANAGED_PACKAGE.TENANT_ID, tenant.value())
                .set(CONNECTOR_MANAGED_PACKAGE.CONNECTOR_ID, connectorId)
                .set(CONNECTOR_MANAGED_PACKAGE.VERSION, version)
                .set(CONNECTOR_MANAGED_PACKAGE.PLUGIN_VERSION, pluginVersion)
                .set(CONNECTOR_MANAGED_PACKAGE.INSTALLED_AT, at)
                .set(CONNECTOR_MANAGED_PACKAGE.UPGRADED_AT, at)
                .onConflict(CONNECTOR_MANAGED_PACKAGE.TENANT_ID, CONNECTOR_MANAGED_PACKAGE.CONNECTOR_ID)
                .doUpdate()
                .set(CONNECTOR_MANAGED_PACKAGE.VERSION, version)
                .set(CONNECTOR_MANAGED_PACKAGE.PLUGIN_VERSION, pluginVersion)
                .set(CONNECTOR_MANAGED_PACKAGE.UPGRADED_AT, at)
                .execute();
    }

    /** Adds definitions to the connector's package (one statement); paths it manages already are left as they are. */
    public void addDefinitions(TenantId tenant, String connectorId, List<String> paths) {
        if (paths.isEmpty()) {
            return;
        }
        var insert = db.insertInto(CONNECTOR_MANAGED_DEFINITION, CONNECTOR_MANAGED_DEFINITION.TENANT_ID,
                CONNECTOR_MANAGED_DEFINITION.CONNECTOR_ID, CONNECTOR_MANAGED_DEFINITION.OBJECT_NAME, CONNECTOR_MANAGED_DEFINITION.FIELD_NAME);
        for (var path : paths) {
            int dot = path.indexOf('.');
            insert = insert.values(tenant.value(), connectorId, dot < 0 ? path : path.substring(0, dot), dot < 0 ? "" : path.substring(dot + 1));
        }
        insert.onConflictDoNothing().execute();
    }

    /** The connector whose package manages the definition, if any. */
    public Optional<String> owner(TenantId tenant, String objectName, String fieldName) {
        return db.select(CONNECTOR_MANAGED_DEFINITION.CONNECTOR_ID).from(CONNECTOR_MANAGED_DEFINITION)
                .where(CONNECTOR_MANAGED_DEFINITION.TENANT_ID.eq(tenant.value())
                        .and(CONNECTOR_MANAGED_DEFINITION.OBJECT_NAME.eq(objectName))
                        .and(CONNECTOR_MANAGED_DEFINITION.FIELD_NAME.eq(fieldName == null ? "" : fieldName)))
                .fetchOptional(CONNECTOR_MANAGED_DEFINITION.CONNECTOR_ID);
    }

    /** Whether the tenant has a connection of the connector (which keeps its package protected). */
    public boolean inUse(TenantId tenant, String connectorId) {
        return db.fetchExists(CONNECTOR_CONNECTION, CONNECTOR_CONNECTION.TENANT_ID.eq(tenant.value())
                .and(CONNECTOR_CONNECTION.CONNECTOR_ID.eq(connectorId)));
    }
}
