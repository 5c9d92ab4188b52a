package io.metaplatform.graphql.internal;

import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.NewValidationRule;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.RecordService;
import io.metaplatform.registry.ValidationRule;
import io.metaplatform.registry.ValidationRuleService;
import io.metaplatform.registry.formula.CheckedFormula;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** Formula checks, dry runs, dependencies of derived fields and validation rules on {@code /graphql/admin} ({@code extensions/derived.graphqls}). */
@Component
final class DerivedFieldsAdminWiring implements RuntimeWiringConfigurer {

    private final MetadataService metadata;
    private final RecordService records;
    private final ValidationRuleService rules;

    DerivedFieldsAdminWiring(MetadataService metadata, RecordService records, ValidationRuleService rules) {
        this.metadata = metadata;
        this.records = records;
        this.rules = rules;
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
        builder.type(TypeRuntimeWiring.newTypeWiring("FieldDefinition").dataFetcher("dependencies", admin(environment -> {
                    Map<String, Object> field = environment.getSource();
                    return dependencies(metadata.schema(), UUID.fromString(String.valueOf(field.get("id"))));
                })))
                .type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("checkFormula", admin(environment -> {
                            CheckedFormula formula = metadata.checkFormula(environment.getArgument("object"), environment.getArgument("expression"));
                            return Map.of("kind", formula.kind().name(), "dependencies", formula.dependencies());
                        }))
                        .dataFetcher("dryRunFormula", admin(environment -> {
                            String object = environment.getArgument("object");
                            String expression = environment.getArgument("expression");
                            CheckedFormula formula = metadata.checkFormula(object, expression);
                            Object value = records.evaluate(object, Fetchers.id(environment.getArgument("recordId")), expression);
                            Map<String, Object> result = new LinkedHashMap<>();
                            result.put("kind", formula.kind().name());
                            result.put("value", value instanceof BigDecimal number ? number.toPlainString() : value == null ? null : value.toString());
                            result.put("dependencies", formula.dependencies());
                            return result;
                        }))
                        .dataFetcher("validationRules", admin(environment -> rules.list(environment.getArgument("object")).stream()
                                .map(rule -> rule(environment.getArgument("object"), rule)).toList())))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("createValidationRule", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            return rule(environment.getArgument("object"), rules.create(environment.getArgument("object"), ruleInput(input)));
                        }))
                        .dataFetcher("updateValidationRule", admin(environment -> {
                            Map<String, Object> input = environment.getArgument("input");
                            return rule(environment.getArgument("object"), rules.update(environment.getArgument("object"),
                                    environment.getArgument("name"), ruleInput(input)));
                        }))
                        .dataFetcher("deleteValidationRule", admin(environment -> {
                            rules.delete(environment.getArgument("object"), environment.getArgument("name"));
                            return true;
                        })));
    }

    private static NewValidationRule ruleInput(Map<String, Object> input) {
        return new NewValidationRule((String) input.get("name"), (String) input.get("expression"), (String) input.get("message"),
                (String) input.get("field"), (Boolean) input.get("active"));
    }

    private Map<String, Object> rule(String object, ValidationRule rule) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", rule.id());
        result.put("name", rule.name());
        result.put("expression", rule.expression());
        result.put("message", rule.message());
        result.put("field", rule.field());
        result.put("active", rule.active());
        result.put("builtIn", rule.builtIn());
        List<String> dependencies;
        try {
            dependencies = metadata.checkFormula(object, rule.expression()).dependencies();
        } catch (PlatformException e) {
            dependencies = List.of();
        }
        result.put("dependencies", dependencies);
        return result;
    }

    private static List<String> dependencies(EffectiveSchema schema, UUID fieldId) {
        for (ObjectDefinition object : schema.objects()) {
            for (FieldDefinition field : object.fields()) {
                if (field.id().value().equals(fieldId)) {
                    return MetadataService.dependencies(schema, object, field);
                }
            }
        }
        return List.of();
    }

    private static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!AdminApi.callerIsTenantAdmin()) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "The metadata API is for tenant admins of a tenant.");
            }
            return fetcher.get(environment);
        };
    }
}
