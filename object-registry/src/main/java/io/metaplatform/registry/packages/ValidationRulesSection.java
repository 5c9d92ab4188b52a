package io.metaplatform.registry.packages;

import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ValidationRule;
import io.metaplatform.registry.ValidationRuleService;
import java.util.Comparator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation rules per object, keyed by object and rule name: custom rules whole, built-in rules only when the
 * tenant deactivated them (the one thing a tenant may change about them).
 */
@Component
final class ValidationRulesSection implements PackageSection {

    private final MetadataService metadata;
    private final ValidationRuleService rules;

    ValidationRulesSection(MetadataService metadata, ValidationRuleService rules) {
        this.metadata = metadata;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "validationRules";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public ObjectNode retrieve(JsonNodeFactory nodes) {
        ObjectNode byObject = nodes.objectNode();
        metadata.schema().objects().stream().sorted(Comparator.comparing(ObjectDefinition::apiName)).forEach(object -> {
            ObjectNode named = nodes.objectNode();
            rules.list(object.apiName().value()).stream().sorted(Comparator.comparing(ValidationRule::name))
                    .filter(rule -> !rule.builtIn() || !rule.active())
                    .forEach(rule -> named.set(rule.name(), rule(nodes, rule)));
            if (!named.isEmpty()) {
                byObject.set(object.apiName().value(), named);
            }
        });
        return byObject;
    }

    private static ObjectNode rule(JsonNodeFactory nodes, ValidationRule rule) {
        ObjectNode node = nodes.objectNode();
        if (rule.builtIn()) {
            node.put("builtIn", true);
            node.put("active", false);
            return node;
        }
        node.put("expression", rule.expression());
        node.put("message", rule.message());
        if (rule.field() != null) {
            node.put("field", rule.field());
        }
        node.put("active", rule.active());
        return node;
    }
}
