package io.metaplatform.registry.internal;

import static io.metaplatform.registry.internal.jooq.Tables.VALIDATION_RULE;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ValidationRule;
import io.metaplatform.registry.formula.CheckedFormula;
import io.metaplatform.registry.formula.FormulaChecker;
import io.metaplatform.registry.formula.FormulaException;
import io.metaplatform.registry.internal.builtin.BuiltInRules;
import io.metaplatform.registry.internal.jooq.tables.records.ValidationRuleRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * Validation rules: stored per tenant (built-in ones come from the packs, a tenant row only deactivates them) and
 * enforced after every create and update, in the write's transaction, by one statement that evaluates every active
 * rule of the object on every written record; failures of all rules and records are reported together.
 *
 * <p>Writes read the active rules, parsed and type-checked, from a cache keyed by the tenant's metadata version (a rule
 * change moves it, see {@code ValidationRuleService}), so a write costs no rule statement and no parse once its
 * object's rules are known at that version. At most {@value #CACHED_TENANTS} tenants are held, least recently used out.
 */
@Component
public class ValidationRules {

    private static final int CACHED_TENANTS = 10_000;

    private final DSLContext db;
    private final Map<TenantId, Compiled> compiled = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TenantId, Compiled> eldest) {
            return size() > CACHED_TENANTS;
        }
    };

    ValidationRules(DSLContext db) {
        this.db = db;
    }

    /** The active rules of a tenant's objects at one metadata version, compiled, by object id. */
    private record Compiled(long version, Map<UUID, List<ActiveRule>> byObject) {
    }

    /** An active rule with its checked formula (null when it no longer checks) and whether it reads only the record's own stored values. */
    private record ActiveRule(ValidationRule rule, CheckedFormula formula, boolean local) {
    }

    private List<ActiveRule> active(TenantId tenant, EffectiveSchema schema, ObjectDefinition object) {
        synchronized (compiled) {
            Compiled entry = compiled.get(tenant);
            List<ActiveRule> known = entry == null || entry.version() != schema.version() ? null : entry.byObject().get(object.id().value());
            if (known != null) {
                return known;
            }
        }
        List<ActiveRule> loaded = new ArrayList<>();
        for (ValidationRule rule : list(tenant, object)) {
            if (!rule.active()) {
                continue;
            }
            try {
                CheckedFormula formula = FormulaChecker.check(schema, object, rule.expression());
                loaded.add(new ActiveRule(rule, formula, formula.references().stream().allMatch(ref -> ref.hops().isEmpty()
                        && !(ref.field().type() instanceof io.metaplatform.registry.FieldType.Derived))));
            } catch (FormulaException e) {
                // A rule that no longer checks (a field it read was changed) cannot be enforced; saving it again shows why.
                loaded.add(new ActiveRule(rule, null, false));
            }
        }
        List<ActiveRule> rules = List.copyOf(loaded);
        synchronized (compiled) {
            Compiled entry = compiled.get(tenant);
            if (entry == null || entry.version() < schema.version()) {
                entry = new Compiled(schema.version(), new HashMap<>());
                compiled.put(tenant, entry);
            }
            if (entry.version() == schema.version()) {
                entry.byObject().put(object.id().value(), rules);
            }
        }
        return rules;
    }

    /** The object's rules, built-in first, then the tenant's in name order; deactivations of built-in rules applied. */
    public List<ValidationRule> list(TenantId tenant, ObjectDefinition object) {
        Map<String, ValidationRuleRecord> rows = new HashMap<>();
        db.selectFrom(VALIDATION_RULE).where(VALIDATION_RULE.TENANT_ID.eq(tenant.value()), VALIDATION_RULE.OBJECT_ID.eq(object.id().value()))
                .orderBy(VALIDATION_RULE.NAME).forEach(row -> rows.put(row.getName(), row));
        List<ValidationRule> rules = new ArrayList<>();
        for (ValidationRule builtIn : BuiltInRules.of(object.apiName())) {
            ValidationRuleRecord overlay = rows.remove(builtIn.name());
            rules.add(overlay == null ? builtIn : builtIn.withActive(overlay.getActive()));
        }
        rows.values().stream().filter(row -> !row.getBuiltIn()).sorted(java.util.Comparator.comparing(ValidationRuleRecord::getName))
                .forEach(row -> rules.add(new ValidationRule(row.getId(), object.apiName(), row.getName(), row.getExpression(), row.getMessage(),
                        row.getField(), row.getActive(), false, row.getVersion())));
        return rules;
    }

    public void insert(TenantId tenant, ObjectDefinition object, ValidationRule rule, Instant now) {
        ValidationRuleRecord row = db.newRecord(VALIDATION_RULE);
        row.setTenantId(tenant.value());
        row.setId(rule.id());
        row.setObjectId(object.id().value());
        row.setName(rule.name());
        row.setExpression(rule.expression());
        row.setMessage(rule.message());
        row.setField(rule.field());
        row.setActive(rule.active());
        row.setBuiltIn(rule.builtIn());
        row.setVersion(rule.version());
        row.setCreatedAt(utc(now));
        row.setUpdatedAt(utc(now));
        db.insertInto(VALIDATION_RULE).set(row).execute();
    }

    /** @return false when the stored rule is not at {@code expectedVersion} (someone changed it first) */
    public boolean update(TenantId tenant, ObjectDefinition object, ValidationRule rule, long expectedVersion, Instant now) {
        return db.update(VALIDATION_RULE).set(VALIDATION_RULE.NAME, rule.name()).set(VALIDATION_RULE.EXPRESSION, rule.expression())
                .set(VALIDATION_RULE.MESSAGE, rule.message()).set(VALIDATION_RULE.FIELD, rule.field())
                .set(VALIDATION_RULE.ACTIVE, rule.active()).set(VALIDATION_RULE.VERSION, rule.version())
                .set(VALIDATION_RULE.UPDATED_AT, utc(now))
                .where(VALIDATION_RULE.TENANT_ID.eq(tenant.value()), VALIDATION_RULE.ID.eq(rule.id()),
                        VALIDATION_RULE.OBJECT_ID.eq(object.id().value()), VALIDATION_RULE.VERSION.eq(expectedVersion))
                .execute() == 1;
    }

    public void delete(TenantId tenant, UUID id) {
        db.deleteFrom(VALIDATION_RULE).where(VALIDATION_RULE.TENANT_ID.eq(tenant.value()), VALIDATION_RULE.ID.eq(id)).execute();
    }

    /**
     * Checks, before anything is written, the active rules that read only stored values of the record itself (no
     * relation, no derived or autonumber field), with the Java evaluator on {@code records} (each a record's values
     * after the write, by field API name, in stored form; null entries are skipped): their failures join the other violations of the input.
     * {@link #enforce} checks every rule again in SQL after the write, with the same semantics.
     */
    void precheck(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<Map<String, Object>> records, boolean batch,
            Violations violations) {
        Instant now = Instant.now();
        for (ActiveRule active : active(tenant, schema, object)) {
            if (!active.local()) {
                continue;
            }
            ValidationRule rule = active.rule();
            CheckedFormula formula = active.formula();
            for (int i = 0; i < records.size(); i++) {
                Map<String, Object> values = records.get(i);
                if (values == null) {
                    continue;
                }
                Object holds = io.metaplatform.registry.formula.Evaluator.evaluate(formula,
                        ref -> values.get(ref.field().apiName().value()), now);
                if (Boolean.FALSE.equals(holds)) {
                    String field = rule.field() == null ? rule.name() : rule.field();
                    violations.add((batch ? "[" + i + "]." : "") + field, "RULE_VIOLATED", rule.message() + " (rule " + rule.name() + ")");
                }
            }
        }
    }

    /**
     * Fails the write with every broken rule of every record in {@code ids} ({@code VALIDATION_FAILED}, code
     * {@code RULE_VIOLATED} on the rule's field, prefixed with the record's position in a batch).
     */
    void enforce(TenantId tenant, EffectiveSchema schema, ObjectDefinition object, List<UUID> ids, boolean batch) {
        if (ids.isEmpty()) {
            return;
        }
        List<ActiveRule> active = active(tenant, schema, object).stream().filter(rule -> rule.formula() != null).toList();
        if (active.isEmpty()) {
            return;
        }
        ObjectTable table = new ObjectTable(object, "r", schema);
        List<Field<?>> select = new ArrayList<>(List.of(table.id));
        List<ValidationRule> checked = new ArrayList<>();
        for (ActiveRule rule : active) {
            // A rule holds unless its formula is false: null (a missing value) passes.
            @SuppressWarnings("unchecked")
            Field<Boolean> holds = (Field<Boolean>) DerivedSql.expression(table, rule.formula());
            select.add(DSL.field(holds.eq(DSL.inline(false))).as("rule" + checked.size()));
            checked.add(rule.rule());
        }
        Map<UUID, Record> rows = new HashMap<>();
        db.select(select).from(table.table()).where(table.scope(tenant), table.id.in(ids)).forEach(row -> rows.put(row.get(table.id), row));
        Violations violations = new Violations();
        for (int i = 0; i < ids.size(); i++) {
            Record row = rows.get(ids.get(i));
            for (int r = 0; row != null && r < checked.size(); r++) {
                if (Boolean.TRUE.equals(row.get(r + 1))) {
                    ValidationRule rule = checked.get(r);
                    String field = rule.field() == null ? rule.name() : rule.field();
                    violations.add((batch ? "[" + i + "]." : "") + field, "RULE_VIOLATED", rule.message() + " (rule " + rule.name() + ")");
                }
            }
        }
        violations.throwIfAny();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
