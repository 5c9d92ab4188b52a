package io.metaplatform.registry.packages;

import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ValidationRule;
import io.metaplatform.registry.ValidationRuleService;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.NewValidationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
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

    // ---- deploy ----

    @Override
    public List<DeployStep> steps(JsonNode section, String pointer, Violations problems) {
        List<DeployStep> steps = new ArrayList<>();
        JsonNode wanted = section == null ? JsonNodeFactory.instance.objectNode() : section;
        for (ObjectDefinition object : metadata.schema().objects().stream().sorted(Comparator.comparing(ObjectDefinition::apiName)).toList()) {
            objectSteps(object.apiName().value(), rules.list(object.apiName().value()), wanted.path(object.apiName().value()),
                    pointer + "/" + object.apiName(), steps, problems);
        }
        // Rules of objects the package creates (or names wrongly: the dry run reports those NOT_FOUND): every one is new.
        for (Map.Entry<String, JsonNode> byObject : wanted.properties()) {
            if (metadata.schema().object(byObject.getKey()).isEmpty()) {
                objectSteps(byObject.getKey(), List.of(), byObject.getValue(), pointer + "/" + byObject.getKey(), steps, problems);
            }
        }
        return steps;
    }

    private void objectSteps(String object, List<ValidationRule> current, JsonNode wanted, String at, List<DeployStep> steps,
            Violations problems) {
        Map<String, ValidationRule> byName = new HashMap<>();
        current.forEach(rule -> byName.put(rule.name(), rule));
        for (Map.Entry<String, JsonNode> entry : wanted.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            ValidationRule rule = byName.remove(name);
            String target = object + "." + name;
            if (node.path("builtIn").asBoolean()) {
                boolean active = node.path("active").asBoolean(true);
                if (rule == null || !rule.builtIn()) {
                    problems.add(at + "/" + name, "UNKNOWN_RULE", "is no built-in rule of " + object);
                } else if (rule.active() != active) {
                    steps.add(step(DeployStep.Action.UPDATE, target, at + "/" + name, (active ? "activate" : "deactivate") + " built-in rule "
                            + target, () -> rules.update(object, name, new NewValidationRule(null, null, null, null, active))));
                }
                continue;
            }
            NewValidationRule desired = new NewValidationRule(name, Sections.text(node, "expression"), Sections.text(node, "message"), Sections.text(node, "field"),
                    node.path("active").asBoolean(true));
            if (rule == null) {
                steps.add(step(DeployStep.Action.CREATE, target, at + "/" + name, "create validation rule " + target,
                        () -> rules.create(object, desired)));
            } else if (rule.builtIn()) {
                problems.add(at + "/" + name, "NAME_CLASH", "is the name of a built-in rule of " + object);
            } else if (!Objects.equals(rule.expression(), desired.expression()) || !Objects.equals(rule.message(), desired.message())
                    || !Objects.equals(rule.field(), desired.field()) || rule.active() != desired.active()) {
                NewValidationRule change = new NewValidationRule(null, desired.expression(), desired.message(), desired.field(), desired.active());
                steps.add(step(DeployStep.Action.UPDATE, target, at + "/" + name, "change validation rule " + target,
                        () -> rules.update(object, name, change)));
            }
        }
        for (ValidationRule rule : byName.values().stream().sorted(Comparator.comparing(ValidationRule::name)).toList()) {
            String target = object + "." + rule.name();
            if (rule.builtIn() && !rule.active()) {
                steps.add(step(DeployStep.Action.UPDATE, target, at + "/" + rule.name(), "activate built-in rule " + target,
                        () -> rules.update(object, rule.name(), new NewValidationRule(null, null, null, null, true))));
            } else if (!rule.builtIn()) {
                steps.add(step(DeployStep.Action.DELETE, target, at + "/" + rule.name(), "delete validation rule " + target,
                        () -> rules.delete(object, rule.name())));
            }
        }
    }

    // Rules delete no data: no step of this section is destructive.
    private static DeployStep step(DeployStep.Action action, String target, String pointer, String summary, Runnable apply) {
        return new DeployStep(action, "RULE", target, pointer, false, null, summary, apply);
    }
}
