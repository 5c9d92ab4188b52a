package io.metaplatform.registry.packages;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.metaplatform.core.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schema (draft 2020-12) of metadata packages, and the check of a document against it.
 * Thread-safe.
 */
public final class PackageSchema {

    /** Where the schema lives on the class path (and in the repository, under object-registry's resources). */
    public static final String RESOURCE = "/io/metaplatform/registry/packages/metadata-package.schema.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TEXT = load();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(JSON.readTree(TEXT));

    private PackageSchema() {
    }

    /** The schema as published, byte for byte. */
    public static String text() {
        return TEXT;
    }

    /**
     * Every violation of the schema, sorted by pointer: {@code field} is the JSON pointer of the offending value (of
     * the missing property, for a missing one), {@code code} {@code SCHEMA_<keyword>}. Empty for a valid document.
     */
    public static List<Violation> violations(JsonNode document) {
        return SCHEMA.validate(document).stream()
                .map(error -> new Violation(pointer(error), "SCHEMA_" + error.getKeyword().toUpperCase(java.util.Locale.ROOT),
                        error.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::code).thenComparing(Violation::message))
                .toList();
    }

    private static String pointer(Error error) {
        StringBuilder pointer = new StringBuilder();
        NodePath path = error.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        if (("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword())) && error.getProperty() != null) {
            pointer.append('/').append(escape(error.getProperty()));
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String load() {
        try (InputStream in = PackageSchema.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
