package io.metaplatform.registry;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.formula.CheckedFormula;
import io.metaplatform.registry.formula.DerivedFieldChecks;
import io.metaplatform.registry.formula.FormulaChecker;
import io.metaplatform.registry.formula.FormulaException;
import io.metaplatform.registry.formula.ValueKind;
import io.metaplatform.registry.internal.SchemaAssembler;
import io.metaplatform.registry.internal.ValidationRules;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The validation rules of the current tenant's objects, for tenant admins. A change is a metadata change: it moves the
 * tenant's metadata version and is written to the metadata change log in the same transaction, so the writes' cache
 * of compiled rules (keyed by the version, see {@link ValidationRules}) drops it on every instance and the next write
 * applies it. Built-in rules can be deactivated and activated again, not changed.
 */
@Service
public class ValidationRuleService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final int MAX_MESSAGE = 500;

    private static final String RULE_KIND = "RULE";

    private final ValidationRules rules;
    private final SchemaAssembler schemas;
    private final MetadataService metadata;
    private final TransactionTemplate transactions;

    ValidationRuleService(ValidationRules rules, SchemaAssembler schemas, MetadataService metadata, TransactionTemplate transactions) {
        this.rules = rules;
        this.schemas = schemas;
        this.metadata = metadata;
        this.transactions = transactions;
    }

    public List<ValidationRule> list(String object) {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> rules.list(tenant, object(schemas.current(tenant), object)));
    }

    public ValidationRule create(String object, NewValidationRule input) {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> {
            long version = metadata.versionForChange(tenant);
            EffectiveSchema schema = schemas.load(tenant, version - 1);
            ObjectDefinition definition = object(schema, object);
            Violations violations = new Violations();
            if (input.name() == null || !NAME.matcher(input.name()).matches()) {
                violations.add("input.name", "INVALID_NAME", "must start with a letter and hold only letters, digits and _ (at most 100)");
            } else if (rules.list(tenant, definition).stream().anyMatch(rule -> rule.name().equals(input.name()))) {
                violations.add("input.name", "DUPLICATE", "is already a rule of " + object);
            }
            ValidationRule rule = new ValidationRule(UUID.randomUUID(), definition.apiName(), input.name() == null ? "" : input.name(),
                    input.expression(), input.message(), input.field(), input.active() == null || input.active(), false, 1);
            check(schema, definition, rule, violations);
            violations.throwIfAny();
            try {
                rules.insert(tenant, definition, rule, now());
            } catch (DuplicateKeyException e) {
                throw new PlatformException(ErrorCode.CONFLICT, "Another rule named " + rule.name() + " was created first.");
            }
            logged(tenant, version, "CREATE_RULE", rule.id(), null, rule);
            return rule;
        });
    }

    /** Changes the given parts of a rule; of a built-in rule only {@code active}. */
    public ValidationRule update(String object, String name, NewValidationRule change) {
        TenantId tenant = TenantContext.require();
        return transactions.execute(status -> {
            long version = metadata.versionForChange(tenant);
            EffectiveSchema schema = schemas.load(tenant, version - 1);
            ObjectDefinition definition = object(schema, object);
            ValidationRule current = rule(tenant, definition, name);
            if (current.builtIn()) {
                if (change.name() != null || change.expression() != null || change.message() != null || change.field() != null) {
                    throw PlatformException.validation(List.of(new io.metaplatform.core.Violation("input", "BUILT_IN",
                            "a built-in rule can only be deactivated or activated")));
                }
                ValidationRule after = current.withActive(change.active() == null ? current.active() : change.active());
                rules.delete(tenant, current.id());
                rules.insert(tenant, definition, after, now());
                logged(tenant, version, "UPDATE_RULE", current.id(), current, after);
                return after;
            }
            ValidationRule after = new ValidationRule(current.id(), current.object(), change.name() == null ? current.name() : change.name(),
                    change.expression() == null ? current.expression() : change.expression(),
                    change.message() == null ? current.message() : change.message(), change.field() == null ? current.field() : change.field(),
                    change.active() == null ? current.active() : change.active(), false, current.version() + 1);
            Violations violations = new Violations();
            if (!NAME.matcher(after.name()).matches()) {
                violations.add("input.name", "INVALID_NAME", "must start with a letter and hold only letters, digits and _ (at most 100)");
            }
            check(schema, definition, after, violations);
            violations.throwIfAny();
            if (!rules.update(tenant, definition, after, current.version(), now())) {
                throw new PlatformException(ErrorCode.CONFLICT, "Another change to this rule came first; reload it and try again.");
            }
            logged(tenant, version, "UPDATE_RULE", current.id(), current, after);
            return after;
        });
    }

    public void delete(String object, String name) {
        TenantId tenant = TenantContext.require();
        transactions.executeWithoutResult(status -> {
            long version = metadata.versionForChange(tenant);
            ObjectDefinition definition = object(schemas.load(tenant, version - 1), object);
            ValidationRule rule = rule(tenant, definition, name);
            if (rule.builtIn()) {
                throw new PlatformException(ErrorCode.CONFLICT, "Built-in rules cannot be deleted; deactivate it instead.");
            }
            rules.delete(tenant, rule.id());
            logged(tenant, version, "DELETE_RULE", rule.id(), rule, null);
        });
    }

    // In the change's transaction; the version it moved to reaches every instance after the commit.
    private void logged(TenantId tenant, long version, String operation, UUID id, ValidationRule before, ValidationRule after) {
        metadata.logChange(tenant, version, io.metaplatform.core.Caller.bound().map(io.metaplatform.core.Caller::subject).orElse(null),
                operation, RULE_KIND, id, before, after);
    }

    private static void check(EffectiveSchema schema, ObjectDefinition object, ValidationRule rule, Violations violations) {
        if (rule.message() == null || rule.message().isBlank() || rule.message().length() > MAX_MESSAGE) {
            violations.add("input.message", "REQUIRED", "is required, at most " + MAX_MESSAGE + " characters");
        }
        if (rule.field() != null && object.field(rule.field()).isEmpty()) {
            violations.add("input.field", "UNKNOWN_FIELD", "is not a field of " + object.apiName());
        }
        if (rule.expression() == null || rule.expression().isBlank()) {
            violations.add("input.expression", "REQUIRED", "is required");
            return;
        }
        try {
            CheckedFormula formula = FormulaChecker.check(schema, object, rule.expression());
            if (!formula.kind().fits(ValueKind.BOOLEAN)) {
                violations.add("input.expression", "TYPE_MISMATCH", "at 1: a rule must be a condition (BOOLEAN), not " + formula.kind());
            }
        } catch (FormulaException e) {
            DerivedFieldChecks.report(e, "input.expression", violations);
        }
    }

    private ValidationRule rule(TenantId tenant, ObjectDefinition object, String name) {
        return rules.list(tenant, object).stream().filter(rule -> rule.name().equals(name)).findFirst()
                .orElseThrow(() -> PlatformException.notFound("Validation rule '" + name + "' of " + object.apiName()));
    }

    private static ObjectDefinition object(EffectiveSchema schema, String apiName) {
        return schema.object(apiName).orElseThrow(() -> PlatformException.notFound("Object '" + apiName + "'"));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
