package io.metaplatform.plugins.runtime.internal.packages;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ManagedField;
import io.metaplatform.plugins.api.ManagedFieldType;
import io.metaplatform.plugins.api.ManagedObject;
import io.metaplatform.plugins.api.ManagedPackage;
import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.NewObject;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.plugins.runtime.internal.packages.ManagedPackageStore.InstalledPackage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Installs and upgrades the managed package a connector declares ({@link ConnectorDescriptor#managedPackage()})
 * into the tenant bound in {@link TenantContext}.
 *
 * <p>Ownership is recorded first, by path, in one transaction; then every definition the tenant's metadata
 * lacks is created through {@link MetadataService} (each its own metadata change). A crash in between
 * leaves owned paths without definitions, which the next install (the next connection, or enabling one)
 * creates. A definition of a path the package does not own yet must not exist: an admin's own
 * {@code ycVisit} is never taken over. Nothing is removed or retyped by an upgrade.
 */
@Service
public class ManagedPackages {

    private final ManagedPackageStore store;
    private final MetadataService metadata;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ManagedPackages(ManagedPackageStore store, MetadataService metadata, TransactionTemplate transactions) {
        this.store = store;
        this.metadata = metadata;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /**
     * Installs the connector's package, or upgrades it to the declared version; does nothing for a connector
     * without one.
     *
     * @throws PlatformException {@code CONFLICT} with one violation per path when the tenant has a definition
     *     of that name that the package does not manage (or another connector's package does)
     */
    public void install(ConnectorDescriptor descriptor, String actor) {
        if (descriptor.managedPackage().isEmpty()) {
            return;
        }
        ManagedPackage declared = descriptor.managedPackage().get();
        TenantId tenant = TenantContext.require();
        EffectiveSchema schema = metadata.schema();
        List<String> paths = paths(declared);
        transactions.executeWithoutResult(status -> {
            var installed = store.find(tenant, descriptor.id());
            List<String> owned = installed.map(InstalledPackage::paths).orElse(List.of());
            List<Violation> clashes = new ArrayList<>();
            for (String path : paths) {
                if (owned.contains(path)) {
                    continue;
                }
                var other = owner(tenant, path);
                if (other.isPresent() || exists(schema, path)) {
                    clashes.add(new Violation("managedPackage." + path, "DEFINITION_EXISTS", other
                            .map(connector -> "is managed by connector " + connector)
                            .orElse("exists already and is not managed by connector " + descriptor.id())));
                }
            }
            if (!clashes.isEmpty()) {
                // The names in the message too: a run that upgrades the package reports its message, not its violations.
                throw new PlatformException(ErrorCode.CONFLICT, "The connector " + descriptor.id()
                        + " brings definitions whose names the tenant uses already (" + String.join(", ", clashes.stream()
                                .map(clash -> clash.field().substring("managedPackage.".length())).toList())
                        + "); rename or delete them first.", clashes);
            }
            int version = Math.max(declared.version(), installed.map(InstalledPackage::version).orElse(0));
            if (installed.isEmpty() || installed.get().version() < declared.version() || !owned.containsAll(paths)) {
                store.upsert(tenant, descriptor.id(), version, descriptor.version(), Instant.now(clock));
                store.addDefinitions(tenant, descriptor.id(), paths.stream().filter(path -> !owned.contains(path)).toList());
            }
        });
        createMissing(declared, actor);
    }

    /**
     * Adds one field to the connector's installed package on request (an external custom field an admin chose to
     * sync): ownership is recorded, then the field is created. Like the declared fields, it is protected while a
     * connection of the connector exists.
     *
     * @throws PlatformException {@code CONFLICT} ({@code DEFINITION_EXISTS}) when the tenant has a field of that name;
     *     {@code VALIDATION_FAILED} ({@code NOT_NAMESPACED}) when a field on an object outside the package does not start
     *     with the package's namespace
     */
    public void addField(ConnectorDescriptor descriptor, ManagedField field, String fieldInput, String actor) {
        ManagedPackage declared = descriptor.managedPackage().orElseThrow(() -> new IllegalStateException(descriptor.id() + " has no package"));
        if (!declared.ownsObject(field.object()) && !(field.apiName().startsWith(declared.namespace())
                && field.apiName().length() > declared.namespace().length()
                && Character.isUpperCase(field.apiName().charAt(declared.namespace().length())))) {
            throw PlatformException.validation(List.of(new Violation(fieldInput, "NOT_NAMESPACED",
                    "a field the connector manages on " + field.object() + " starts with " + declared.namespace() + ", e.g. "
                            + declared.namespace() + "Budget")));
        }
        TenantId tenant = TenantContext.require();
        transactions.executeWithoutResult(status -> {
            if (owner(tenant, field.path()).isPresent() || exists(metadata.schema(), field.path())) {
                throw new PlatformException(ErrorCode.CONFLICT, "The object " + field.object() + " has a field " + field.apiName() + " already.",
                        List.of(new Violation(fieldInput, "DEFINITION_EXISTS", "exists already")));
            }
            store.addDefinitions(tenant, descriptor.id(), List.of(field.path()));
        });
        metadata.createField(field.object(), new NewField(field.apiName(), field.label(), null, type(field.type()), null, null),
                actor == null ? "system" : actor);
    }

    /** The tenant's installed packages. */
    public List<InstalledPackage> list() {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> store.list(tenant));
    }

    /** Whether a connection of the connector exists, so its package is protected. */
    public boolean inUse(String connectorId) {
        TenantId tenant = TenantContext.require();
        return Boolean.TRUE.equals(transactions.execute(status -> store.inUse(tenant, connectorId)));
    }

    private void createMissing(ManagedPackage declared, String actor) {
        String by = actor == null ? "system" : actor;
        for (ManagedObject object : declared.objects()) {
            if (metadata.schema().object(object.apiName()).isEmpty()) {
                metadata.createObject(new NewObject(object.apiName(), object.labelSingular(), object.labelPlural(),
                        object.description().isEmpty() ? null : object.description()), by);
            }
        }
        for (ManagedField field : declared.fields()) {
            if (!exists(metadata.schema(), field.path())) {
                metadata.createField(field.object(), new NewField(field.apiName(), field.label(), null, type(field.type()),
                        field.unique() ? new Constraints(false, true, null, null, null, null, null, null) : null, null), by);
            }
        }
    }

    private java.util.Optional<String> owner(TenantId tenant, String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? store.owner(tenant, path, null) : store.owner(tenant, path.substring(0, dot), path.substring(dot + 1));
    }

    private static List<String> paths(ManagedPackage declared) {
        List<String> paths = new ArrayList<>();
        declared.objects().forEach(object -> paths.add(object.apiName()));
        declared.fields().forEach(field -> paths.add(field.path()));
        return paths;
    }

    private static boolean exists(EffectiveSchema schema, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return schema.object(path).isPresent();
        }
        return schema.object(path.substring(0, dot))
                .map(object -> object.fields().stream().anyMatch(field -> field.apiName().value().equals(path.substring(dot + 1))))
                .orElse(false);
    }

    /** The registry's field type of a managed field type. */
    public static FieldType fieldType(ManagedFieldType type) {
        return type(type);
    }

    static FieldType type(ManagedFieldType type) {
        return switch (type) {
            case ManagedFieldType.Text text -> new FieldType.Text(text.maxLength());
            case ManagedFieldType.LongText ignored -> new FieldType.LongText(FieldType.LongText.DEFAULT_MAX);
            case ManagedFieldType.Email ignored -> new FieldType.Email();
            case ManagedFieldType.Phone ignored -> new FieldType.Phone();
            case ManagedFieldType.Url ignored -> new FieldType.Url();
            case ManagedFieldType.Int ignored -> new FieldType.Int();
            case ManagedFieldType.Decimal decimal -> new FieldType.Decimal(18, decimal.scale());
            case ManagedFieldType.Bool ignored -> new FieldType.Bool();
            case ManagedFieldType.Date ignored -> new FieldType.Date();
            case ManagedFieldType.DateTime ignored -> new FieldType.DateTime();
            case ManagedFieldType.Select select -> new FieldType.Select(options(select.values()));
            case ManagedFieldType.MultiSelect select -> new FieldType.MultiSelect(options(select.values()));
            case ManagedFieldType.Relation relation -> new FieldType.Relation(ApiName.of(relation.target()), FieldType.Cardinality.MANY_TO_ONE,
                    FieldType.OnDelete.SET_NULL, ApiName.of(relation.inverseName()), relation.inverseLabel());
            case ManagedFieldType.Json ignored -> new FieldType.Json();
        };
    }

    private static List<SelectOption> options(List<String> values) {
        return IntStream.range(0, values.size())
                .mapToObj(i -> new SelectOption(values.get(i).toLowerCase(Locale.ROOT), values.get(i), null, i, null, false)).toList();
    }
}
