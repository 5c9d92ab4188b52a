package io.metaplatform.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON schemas of the Kubernetes resources the chart renders, strict like kubeconform's "standalone-strict":
 * an unknown or misspelt field fails. They come from the Kubernetes model jars' {@code
 * schema/validation-schema.json} (generated from the API's Go types), made strict here and with the three
 * types that are strings in YAML (quantities, int-or-string, times) written as such. Resources of custom
 * definitions (ServiceMonitor) use schemas of this module's resources.
 */
final class KubernetesSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL_SCHEMA = "schema/validation-schema.json";

    private final ObjectNode definitions = JSON.createObjectNode();
    private final Map<String, String> definitionByKind = new HashMap<>();
    private final Map<String, Schema> schemas = new HashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    KubernetesSchemas() {
        try {
            Enumeration<URL> models = getClass().getClassLoader().getResources(MODEL_SCHEMA);
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    JSON.readTree(in).path("definitions").properties().forEach(entry -> definitions.set(entry.getKey(), entry.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        definitions.properties().forEach(entry -> {
            tighten(entry.getValue());
            JsonNode properties = entry.getValue().path("properties");
            if (properties.path("kind").has("default") && properties.path("apiVersion").has("default")) {
                definitionByKind.put(key(properties.path("apiVersion").path("default").asString(),
                        properties.path("kind").path("default").asString()), entry.getKey());
            }
        });
        definitions.properties().forEach(entry -> {
            String name = entry.getKey();
            if (name.endsWith("_Quantity")) {
                definitions.set(name, JSON.readTree("{\"anyOf\":[{\"type\":\"string\",\"pattern\":\"^[+-]?[0-9.]+([eE][+-]?[0-9]+|[mkMGTPE]|[KMGTPE]i)?$\"},{\"type\":\"number\"}]}"));
            } else if (name.endsWith("_IntOrString")) {
                definitions.set(name, JSON.readTree("{\"type\":[\"integer\",\"string\"]}"));
            } else if (name.endsWith("_Time") || name.endsWith("_MicroTime")) {
                definitions.set(name, JSON.readTree("{\"type\":\"string\"}"));
            }
        });
    }

    /** The violations of one rendered resource; unknown kinds are a violation too. */
    List<String> violations(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asString();
        String kind = resource.path("kind").asString();
        Schema schema = schemas.computeIfAbsent(key(apiVersion, kind), key -> schemaOf(apiVersion, kind));
        if (schema == null) {
            return List.of("no schema for " + apiVersion + " " + kind);
        }
        return schema.validate(resource).stream().map(Error::toString).toList();
    }

    private Schema schemaOf(String apiVersion, String kind) {
        InputStream custom = getClass().getResourceAsStream("/schemas/" + kind.toLowerCase() + ".json");
        if (custom != null) {
            try (custom) {
                return registry.getSchema(JSON.readTree(custom));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String definition = definitionByKind.get(key(apiVersion, kind));
        if (definition == null) {
            return null;
        }
        ObjectNode document = JSON.createObjectNode();
        document.put("$schema", "http://json-schema.org/draft-07/schema#");
        document.put("$ref", "#/definitions/" + definition);
        document.set("definitions", definitions);
        return registry.getSchema(document);
    }

    /** Unknown fields fail; the generator's Java hints and draft-3 booleans go. */
    private static void tighten(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && object.path("additionalProperties").isBoolean()) {
                object.put("additionalProperties", false);
            }
            if (object.path("required").isBoolean()) {
                object.remove("required");
            }
            object.remove(List.of("javaType", "existingJavaType", "javaInterfaces", "javaOmitEmpty"));
            object.values().forEach(KubernetesSchemas::tighten);
        } else if (node.isArray()) {
            node.values().forEach(KubernetesSchemas::tighten);
        }
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
