package io.metaplatform.graphql.internal;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.PayloadSchemaService;
import io.metaplatform.registry.PayloadSchemas;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/schemas/{object}?operation=create|update}: the JSON Schema of an object's payload for frontends, for
 * any member of the token's tenant (the data API's {@code _jsonSchema} as a plain document).
 */
@RestController
final class PayloadSchemaController {

    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    private final PayloadSchemaService schemas;

    PayloadSchemaController(PayloadSchemaService schemas) {
        this.schemas = schemas;
    }

    @GetMapping("/api/schemas/{object}")
    ResponseEntity<Map<String, Object>> schema(@PathVariable String object, @RequestParam(defaultValue = "create") String operation) {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(schemas.schemaOf(object, operation(operation)));
    }

    private static PayloadSchemas.Operation operation(String value) {
        try {
            return PayloadSchemas.Operation.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PlatformException.validation(List.of(new Violation("operation", "INVALID_VALUE", "must be create or update")));
        }
    }
}
