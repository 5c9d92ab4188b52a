package io.metaplatform.graphql.internal;

import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.Violation;
import io.metaplatform.core.Violations;
import io.metaplatform.core.RelayPages;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.MetadataChangePage;
import io.metaplatform.registry.FieldChange;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.MetadataChangeEntry;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewField;
import io.metaplatform.registry.NewObject;
import io.metaplatform.registry.ObjectChange;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.Storage;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.GraphQlSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /graphql/admin}: the static metadata schema for tenant admins, wired to {@link MetadataService}.
 * Every mutation returns the tenant's new metadata version.
 */
final class AdminApi implements GraphQlSource {

    private static final int CACHED_DOCUMENTS = 200;

    private final MetadataService metadata;
    private final JsonMapper json;
    private final GraphQL graphQl;

    /**
     * @param extensions wiring contributed by other modules (connectors, ...) for the types they add
     *                   in {@code admin-schema/extensions/*.graphqls}; the whole API is for tenant admins only
     * @param limits the same as {@code /graphql}'s, but for the complexity, weighed with {@link FieldCosts#admin}
     */
    AdminApi(MetadataService metadata, JsonMapper json, List<RuntimeWiringConfigurer> extensions, GraphQlLimits limits) {
        this.metadata = metadata;
        this.json = json;
        GraphQLSchema schema = schema(wiring(extensions));
        this.graphQl = GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new GraphQlConfiguration.PlatformErrors())
                .preparsedDocumentProvider(new LimitedDocuments(schema, "admin", new LimitedDocuments.DocumentCache(CACHED_DOCUMENTS), limits,
                        limits.maxAdminComplexity(), FieldCosts.admin(schema)))
                .instrumentation(ArgumentLimits.admin(limits)).build();
    }

    @Override
    public GraphQL graphQl() {
        return graphQl;
    }

    @Override
    public GraphQLSchema schema() {
        return graphQl.getGraphQLSchema();
    }

    private static GraphQLSchema schema(RuntimeWiring wiring) {
        TypeDefinitionRegistry types = new TypeDefinitionRegistry();
        try {
            types.merge(parse(new ClassPathResource("admin-schema/admin.graphqls")));
            Resource[] extensions = new PathMatchingResourcePatternResolver().getResources("classpath*:admin-schema/extensions/*.graphqls");
            Arrays.sort(extensions, Comparator.comparing(Resource::getDescription));
            for (Resource extension : extensions) {
                types.merge(parse(extension));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The admin schema is missing from the classpath", e);
        }
        return new SchemaGenerator().makeExecutableSchema(types, wiring);
    }

    private static TypeDefinitionRegistry parse(Resource resource) throws IOException {
        try (Reader sdl = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return new SchemaParser().parse(sdl);
        }
    }

    private RuntimeWiring wiring(List<RuntimeWiringConfigurer> extensions) {
        RuntimeWiring.Builder builder = coreWiring();
        extensions.forEach(extension -> extension.configure(builder));
        return builder.build();
    }

    private RuntimeWiring.Builder coreWiring() {
        return RuntimeWiring.newRuntimeWiring()
                .scalar(CustomScalars.JSON).scalar(CustomScalars.LONG).scalar(CustomScalars.DATE_TIME)
                .type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("metadataVersion", admin(environment -> metadata.version()))
                        .dataFetcher("objects", admin(environment -> metadata.schema().objects().stream().map(this::object).toList()))
                        .dataFetcher("object", admin(environment -> metadata.schema().object((String) environment.getArgument("apiName"))
                                .map(this::object).orElse(null)))
                        .dataFetcher("metadataChangeLog", admin(environment -> {
                            MetadataChangePage page = metadata.changeLog(environment.getArgumentOrDefault("first", 100),
                                    environment.getArgument("after"));
                            List<Map<String, Object>> edges = new java.util.ArrayList<>();
                            for (int i = 0; i < page.entries().size(); i++) {
                                edges.add(RelayPages.edge(page.cursors().get(i), change(page.entries().get(i))));
                            }
                            return RelayPages.connection(edges, page.hasNextPage());
                        }))
                        .dataFetcher("metadataChanges", admin(environment -> metadata.changes(
                                ((Number) environment.getArgument("sinceVersion")).longValue(), environment.getArgument("limit")).stream()
                                .map(this::change).toList())))
                .type(TypeRuntimeWiring.newTypeWiring("FieldDefinition").dataFetcher("managedBy", admin(this::managedBy)))
                .type(TypeRuntimeWiring.newTypeWiring("ObjectDefinition")
                        .dataFetcher("managedBy", admin(this::managedBy))
                        // Read only when asked for: listing objects does not read every deleted field.
                        .dataFetcher("deletedFields", admin(environment -> {
                            Map<String, Object> source = environment.getSource();
                            return metadata.deletedFields((String) source.get("apiName")).stream().map(deleted -> Map.of(
                                    "id", deleted.id().value(), "apiName", deleted.apiName(), "label", deleted.label(),
                                    "deletedAt", deleted.deletedAt())).toList();
                        })))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("createField", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            FieldDefinition field = metadata.createField(environment.getArgument("object"), new NewField(
                                    (String) input.get("apiName"), (String) input.get("label"), (String) input.get("description"),
                                    requiredType(input), constraints(typedOrJson(input, "fieldConstraints", "constraints")),
                                    (Integer) input.get("position"), (Boolean) input.get("indexed")), actor());
                            return Map.of("metadataVersion", metadata.version(), "field", field(field));
                        }))
                        .dataFetcher("setFieldIndexed", admin(environment -> {
                            FieldDefinition field = metadata.setFieldIndexed(environment.getArgument("object"), environment.getArgument("field"),
                                    environment.getArgument("indexed"), version(environment.getArgument("expectedVersion")), actor());
                            return Map.of("metadataVersion", metadata.version(), "field", field(field));
                        }))
                        .dataFetcher("updateField", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            FieldDefinition field = metadata.updateField(environment.getArgument("object"), environment.getArgument("field"),
                                    new FieldChange((String) input.get("apiName"), (String) input.get("label"), (String) input.get("description"),
                                            (Integer) input.get("position"), optionalType(input),
                                            constraints(typedOrJson(input, "fieldConstraints", "constraints"))),
                                    version(environment.getArgument("expectedVersion")), actor());
                            return Map.of("metadataVersion", metadata.version(), "field", field(field));
                        }))
                        .dataFetcher("deleteField", admin(environment -> {
                            metadata.deleteField(environment.getArgument("object"), environment.getArgument("field"),
                                    version(environment.getArgument("expectedVersion")), actor());
                            return Map.of("metadataVersion", metadata.version());
                        }))
                        .dataFetcher("purgeField", admin(environment -> {
                            int purged = metadata.purgeField(environment.getArgument("object"),
                                    new FieldId(Fetchers.id(environment.getArgument("fieldId"))), actor());
                            return Map.of("metadataVersion", metadata.version(), "purgedRecords", purged);
                        }))
                        .dataFetcher("createObject", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            ObjectDefinition object = metadata.createObject(new NewObject((String) input.get("apiName"),
                                    (String) input.get("labelSingular"), (String) input.get("labelPlural"), (String) input.get("description")), actor());
                            return Map.of("metadataVersion", metadata.version(), "object", object(object));
                        }))
                        .dataFetcher("updateObject", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            ObjectDefinition object = metadata.updateObject(environment.getArgument("apiName"), new ObjectChange(
                                    (String) input.get("apiName"), (String) input.get("labelSingular"), (String) input.get("labelPlural"),
                                    (String) input.get("description")), version(environment.getArgument("expectedVersion")), actor());
                            return Map.of("metadataVersion", metadata.version(), "object", object(object));
                        }))
                        .dataFetcher("deleteObject", admin(environment -> {
                            metadata.deleteObject(environment.getArgument("apiName"), version(environment.getArgument("expectedVersion")), actor());
                            return Map.of("metadataVersion", metadata.version());
                        })));
    }

    /** Whether the caller may use this API at all: a tenant admin of a tenant. */
    static boolean callerIsTenantAdmin() {
        return TenantContext.current().isPresent() && PlatformPrincipal.current().isTenantAdmin();
    }

    /** Tenant admins only; the security chain has authenticated the caller and bound the tenant. */
    private static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!callerIsTenantAdmin()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "The metadata API is for tenant admins of a tenant.");
            }
            return fetcher.get(environment);
        };
    }

    /**
     * The value of the typed input field or of its deprecated JSON twin (at most one may be given), with nulls left
     * out of a typed input object so that properties left out keep their defaults.
     */
    private static Object typedOrJson(Map<String, Object> input, String typed, String json) {
        Object typedValue = input.get(typed);
        Object jsonValue = input.get(json);
        if (typedValue != null && jsonValue != null) {
            throw PlatformException.validation(List.of(new Violation("input." + typed, "AMBIGUOUS",
                    "give " + typed + " or " + json + ", not both")));
        }
        return typedValue != null ? withoutNulls(typedValue) : jsonValue;
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, each) -> {
                if (each != null) {
                    copy.put(key, withoutNulls(each));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AdminApi::withoutNulls).toList();
        }
        return value;
    }

    private FieldType requiredType(Map<String, Object> input) {
        FieldType type = optionalType(input);
        if (type == null) {
            throw PlatformException.validation(List.of(new Violation("input.fieldType", "REQUIRED", "give the field's type as fieldType")));
        }
        return type;
    }

    private FieldType optionalType(Map<String, Object> input) {
        Object value = typedOrJson(input, "fieldType", "type");
        return value == null ? null : fieldType(value, input.get("fieldType") != null ? "input.fieldType" : "input.type");
    }

    private FieldType fieldType(Object value, String path) {
        try {
            return json.convertValue(value, FieldType.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw PlatformException.validation(List.of(new Violation(path, "INVALID_TYPE",
                    "must be a type object such as {\"kind\":\"TEXT\",\"maxLength\":100}: " + rootMessage(e))));
        }
    }

    /**
     * A constraints object as the admin wrote it: the properties given, the rest at their defaults
     * ({@code {required: true}} is enough). Every unknown property and wrong type is reported at once.
     */
    static Constraints constraints(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> given)) {
            throw PlatformException.validation(List.of(new Violation("input.constraints", "INVALID_CONSTRAINTS",
                    "must be an object such as {required: true, maxLength: 50}")));
        }
        Violations violations = new Violations();
        Constraints read = Constraints.NONE;
        for (Map.Entry<?, ?> entry : given.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object property = entry.getValue();
            String path = "input.constraints." + key;
            switch (key) {
                case "required" -> read = read.withRequired(flag(property, path, violations));
                case "unique" -> read = read.withUnique(flag(property, path, violations));
                case "defaultValue" -> read = read.withDefault(property);
                case "min" -> read = read.withRange(decimal(property, path, violations), read.max());
                case "max" -> read = read.withRange(read.min(), decimal(property, path, violations));
                case "minLength" -> read = read.withLength(integer(property, path, violations), read.maxLength());
                case "maxLength" -> read = read.withLength(read.minLength(), integer(property, path, violations));
                case "pattern" -> {
                    if (property == null || property instanceof String) {
                        read = read.withPattern((String) property);
                    } else {
                        violations.add(path, "INVALID_CONSTRAINTS", "must be a regular expression as a string");
                    }
                }
                default -> violations.add(path, "INVALID_CONSTRAINTS",
                        "is not a constraint; known: required, unique, defaultValue, min, max, minLength, maxLength, pattern");
            }
        }
        violations.throwIfAny();
        return read;
    }

    private static boolean flag(Object value, String path, Violations violations) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        violations.add(path, "INVALID_CONSTRAINTS", "must be true or false");
        return false;
    }

    private static java.math.BigDecimal decimal(Object value, String path, Violations violations) {
        try {
            return switch (value) {
                case null -> null;
                case java.math.BigDecimal exact -> exact;
                case Number number -> new java.math.BigDecimal(number.toString());
                case String text -> new java.math.BigDecimal(text.strip());
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            violations.add(path, "INVALID_CONSTRAINTS", "must be a number");
            return null;
        }
    }

    private static Integer integer(Object value, String path, Violations violations) {
        if (value == null) {
            return null;
        }
        if ((value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)
                && ((Number) value).longValue() >= 0 && ((Number) value).longValue() <= Integer.MAX_VALUE) {
            return ((Number) value).intValue();
        }
        violations.add(path, "INVALID_CONSTRAINTS", "must be a whole number from 0");
        return null;
    }

    // Only the message of the innermost cause, without the parser's source excerpt.
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int detail = message.indexOf('\n');
        return detail < 0 ? message : message.substring(0, detail);
    }

    // Who manages the object or field: read once per request for every definition, however many are listed.
    private String managedBy(graphql.schema.DataFetchingEnvironment environment) {
        Map<String, Object> source = environment.getSource();
        Map<java.util.UUID, String> managed = environment.getGraphQlContext().computeIfAbsent("managedDefinitions",
                key -> metadata.managedDefinitions());
        return managed.get(java.util.UUID.fromString(String.valueOf(source.get("id"))));
    }

    private Map<String, Object> object(ObjectDefinition object) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", object.id().value());
        result.put("apiName", object.apiName().value());
        result.put("labelSingular", object.labelSingular());
        result.put("labelPlural", object.labelPlural());
        result.put("description", object.description());
        result.put("position", object.position());
        result.put("builtIn", object.builtIn());
        result.put("version", object.version());
        result.put("fields", object.fields().stream().map(this::field).toList());
        return result;
    }

    private Map<String, Object> field(FieldDefinition field) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", field.id().value());
        result.put("apiName", field.apiName().value());
        result.put("label", field.label());
        result.put("description", field.description());
        result.put("position", field.position());
        result.put("builtIn", field.builtIn());
        result.put("version", field.version());
        result.put("kind", field.type().kind());
        result.put("type", json.convertValue(field.type(), Map.class));
        result.put("constraints", json.convertValue(field.constraints(), Map.class));
        Storage.CustomKey key = field.storage() instanceof Storage.CustomKey custom && custom.index() != null ? custom : null;
        result.put("indexState", key == null ? "OFF" : key.indexReady() ? "READY" : "FILLING");
        result.put("indexFilledRecords", key == null || key.indexReady() ? null : metadata.indexFillProgress(field.id()).orElse(0));
        return result;
    }

    private Map<String, Object> change(MetadataChangeEntry entry) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("metadataVersion", entry.metadataVersion());
        result.put("actor", entry.actor());
        result.put("changedAt", entry.changedAt());
        result.put("operation", entry.operation());
        result.put("targetKind", entry.targetKind());
        result.put("targetId", entry.targetId());
        result.put("before", entry.before() == null ? null : json.readValue(entry.before(), Object.class));
        result.put("after", entry.after() == null ? null : json.readValue(entry.after(), Object.class));
        return result;
    }

    private static Long version(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static String actor() {
        return PlatformPrincipal.current().subject();
    }

}
