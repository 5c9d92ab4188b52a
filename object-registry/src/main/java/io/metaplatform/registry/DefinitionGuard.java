package io.metaplatform.registry;

import io.metaplatform.core.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * Protects definitions that something outside the registry depends on (the objects and fields a
 * connector installed as a managed package, while a connection uses them). {@link MetadataService}
 * asks every guard bean before it deletes a custom object or field, renames it, or changes a field's
 * type (beyond option labels) or constraints; labels, descriptions and positions stay editable.
 * Called inside the change's transaction with the tenant bound.
 */
public interface DefinitionGuard {

    /**
     * Why the definition may not be deleted or restructured now, or empty when it may.
     *
     * @param objectApiName the object's API name
     * @param fieldApiName  the field's API name, or {@code null} for the object itself
     * @return a sentence for the admin naming who protects it, e.g. "is managed by connector yclients"
     */
    Optional<String> protection(TenantId tenant, String objectApiName, String fieldApiName);

    /**
     * Every definition of the tenant this guard's owner manages, by path ({@code "ycVisit"}, {@code "contact.ycClientId"}),
     * with who manages it ({@code "connector yclients"}), read at once for a listing; empty when it manages none.
     */
    default Map<String, String> managed(TenantId tenant) {
        return Map.of();
    }
}
