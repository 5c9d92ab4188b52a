package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The payload schemas ({@link PayloadSchemas}) of the current tenant's objects as the bound caller sees them: built
 * from the tenant's current metadata and the caller's {@link RecordPolicy}. Thread-safe.
 */
@Service
public class PayloadSchemaService {

    private final MetadataService metadata;
    private final RecordPolicies policies;

    PayloadSchemaService(MetadataService metadata, ObjectProvider<RecordPolicies> policies) {
        this.metadata = metadata;
        this.policies = policies.getIfAvailable(RecordPolicies::unrestricted);
    }

    /**
     * The schema of {@code operation}'s payload of {@code object}.
     *
     * @throws PlatformException {@link ErrorCode#NOT_FOUND} with violation {@code object}/{@code UNKNOWN_OBJECT} when the
     *     tenant has no such object or the caller may not read its records (what a caller may not read does not exist
     *     for it)
     */
    public Map<String, Object> schemaOf(String object, PayloadSchemas.Operation operation) {
        ObjectDefinition definition = metadata.schema().object(object).orElse(null);
        RecordPolicy.ObjectAccess access = definition == null ? RecordPolicy.ObjectAccess.none() : policies.current().access(object);
        if (definition == null || !access.can(RecordPolicy.Operation.READ)) {
            throw unknownObject(object);
        }
        return PayloadSchemas.of(definition, operation, access);
    }

    static PlatformException unknownObject(String object) {
        return new PlatformException(ErrorCode.NOT_FOUND, "Object '" + object + "' not found",
                List.of(new Violation("object", "UNKNOWN_OBJECT", "is not an object of this tenant")));
    }
}
