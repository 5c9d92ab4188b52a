package io.metaplatform.registry.internal;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.BuiltInPacks;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ObjectStorage;
import io.metaplatform.registry.internal.MetadataStore.StoredField;
import io.metaplatform.registry.internal.MetadataStore.StoredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Builds a tenant's effective schema from the built-in packs and its overlay rows, and caches it by
 * (tenant, metadata version). Tenants that never changed their metadata share one instance. Must be
 * called inside a transaction with the tenant bound (the overlay tables are under row-level security).
 */
@Component
public class SchemaAssembler {

    private static final EffectiveSchema BUILT_IN = new EffectiveSchema(0, BuiltInPacks.objects());
    private static final int CACHED_TENANTS = 2_000;

    private final MetadataStore store;
    private final Map<TenantId, EffectiveSchema> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TenantId, EffectiveSchema> eldest) {
            return size() > CACHED_TENANTS;
        }
    };

    SchemaAssembler(MetadataStore store) {
        this.store = store;
    }

    /** The tenant's schema at its current version: one primary-key read, then the cache. */
    public EffectiveSchema current(TenantId tenant) {
        long version = store.version(tenant);
        if (version == 0) {
            return BUILT_IN;
        }
        if (MetadataStore.changedInThisTransaction(tenant)) {
            // Changes of this transaction: may roll back, so not for the cache.
            return load(tenant, version);
        }
        synchronized (cache) {
            EffectiveSchema cached = cache.get(tenant);
            if (cached != null && cached.version() == version) {
                return cached;
            }
        }
        EffectiveSchema loaded = load(tenant, version);
        synchronized (cache) {
            cache.put(tenant, loaded);
        }
        return loaded;
    }

    /** Reads the overlay afresh, bypassing the cache (metadata changes work on this). */
    public EffectiveSchema load(TenantId tenant, long version) {
        List<StoredObject> objectRows = store.objects(tenant);
        List<StoredField> fieldRows = store.fields(tenant);
        List<ObjectDefinition> objects = new ArrayList<>();
        for (ObjectDefinition builtIn : BuiltInPacks.objects()) {
            ObjectDefinition object = objectRows.stream().filter(row -> row.builtIn() && row.id().equals(builtIn.id())).findFirst()
                    .map(row -> new ObjectDefinition(builtIn.id(), builtIn.apiName(), row.labelSingular(), row.labelPlural(),
                            row.description(), builtIn.position(), builtIn.storage(), true, builtIn.fields(), row.version()))
                    .orElse(builtIn);
            objects.add(object.withFields(fields(object, fieldRows)));
        }
        for (StoredObject row : objectRows) {
            if (!row.builtIn() && row.deletedAt() == null) {
                ObjectDefinition object = new ObjectDefinition(row.id(), row.apiName(), row.labelSingular(), row.labelPlural(),
                        row.description(), row.position(), new ObjectStorage.SharedTable(), false, List.of(), row.version());
                objects.add(object.withFields(fields(object, fieldRows)));
            }
        }
        objects.sort(Comparator.comparingInt(ObjectDefinition::position));
        return new EffectiveSchema(version, objects);
    }

    private static List<FieldDefinition> fields(ObjectDefinition object, List<StoredField> rows) {
        List<FieldDefinition> fields = new ArrayList<>();
        for (FieldDefinition builtIn : object.fields()) {
            Optional<StoredField> overlay = rows.stream().filter(row -> row.builtIn() && row.id().equals(builtIn.id())).findFirst();
            fields.add(overlay.map(row -> new FieldDefinition(builtIn.id(), builtIn.apiName(), row.label(), row.description(),
                    builtIn.position(), row.type(), builtIn.constraints(), builtIn.storage(), true, row.version())).orElse(builtIn));
        }
        rows.stream()
                .filter(row -> !row.builtIn() && row.deletedAt() == null && row.objectId().equals(object.id()))
                .forEach(row -> fields.add(new FieldDefinition(row.id(), row.apiName(), row.label(), row.description(), row.position(),
                        row.type(), row.constraints(), row.storage(), false, row.version())));
        fields.sort(Comparator.comparingInt(FieldDefinition::position).thenComparing(field -> field.id().value()));
        return fields;
    }
}
