package io.metaplatform.registry.internal.builtin;

import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.Constraints;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ObjectId;
import io.metaplatform.registry.ObjectStorage;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.Storage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A small language for writing built-in objects: each field maps to a column named after its API name
 * in snake case ({@code _id} appended for relations), in declaration order; many-to-many relations live
 * in the link table instead.
 */
final class PackDsl {

    private PackDsl() {
    }

    static ObjectDefinition object(int position, String apiName, String singular, String plural, String description, FieldSpec... specs) {
        ApiName name = ApiName.of(apiName);
        List<FieldDefinition> fields = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            fields.add(specs[i].toDefinition(apiName, i));
        }
        return new ObjectDefinition(ObjectId.builtIn(apiName), name, singular, plural, description, position,
                new ObjectStorage.OwnTable(name.snakeCase()), true, fields, 0);
    }

    static FieldSpec text(String apiName, String label, int maxLength) {
        return new FieldSpec(apiName, label, new FieldType.Text(maxLength));
    }

    static FieldSpec longText(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.LongText(FieldType.LongText.DEFAULT_MAX));
    }

    static FieldSpec email(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Email());
    }

    static FieldSpec phone(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Phone());
    }

    static FieldSpec url(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Url());
    }

    static FieldSpec integer(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Int());
    }

    static FieldSpec decimal(String apiName, String label, int precision, int scale) {
        return new FieldSpec(apiName, label, new FieldType.Decimal(precision, scale));
    }

    static FieldSpec currency(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Currency(2));
    }

    static FieldSpec percent(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Percent(2));
    }

    static FieldSpec bool(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Bool());
    }

    static FieldSpec date(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Date());
    }

    static FieldSpec dateTime(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.DateTime());
    }

    static FieldSpec json(String apiName, String label) {
        return new FieldSpec(apiName, label, new FieldType.Json());
    }

    /** Options given as {@code "id:Label"}; the value is the id in upper case. */
    static FieldSpec select(String apiName, String label, String... options) {
        return new FieldSpec(apiName, label, new FieldType.Select(options(options)));
    }

    static FieldSpec multiSelect(String apiName, String label, String... options) {
        return new FieldSpec(apiName, label, new FieldType.MultiSelect(options(options)));
    }

    /** A many-to-one relation stored in column {@code <api_name>_id}, seen on the target as {@code inverseName}. */
    static FieldSpec manyToOne(String apiName, String label, String target, FieldType.OnDelete onDelete, String inverseName,
            String inverseLabel) {
        return new FieldSpec(apiName, label, new FieldType.Relation(ApiName.of(target), FieldType.Cardinality.MANY_TO_ONE, onDelete,
                ApiName.of(inverseName), inverseLabel)).column(ApiName.of(apiName).snakeCase() + "_id");
    }

    /**
     * A many-to-many relation: rows of the link table (with who linked and when), no column; seen on the
     * target as {@code inverseName}.
     */
    static FieldSpec manyToMany(String apiName, String label, String target, String inverseName, String inverseLabel) {
        return new FieldSpec(apiName, label, new FieldType.Relation(ApiName.of(target), FieldType.Cardinality.MANY_TO_MANY,
                FieldType.OnDelete.SET_NULL, ApiName.of(inverseName), inverseLabel)).linked();
    }

    /** A formula field: computed in SQL on every read from {@code expression}; no column. */
    static FieldSpec formula(String apiName, String label, String expression, FieldType.ResultKind result) {
        return new FieldSpec(apiName, label, new FieldType.Formula(expression, result, 2)).computed();
    }

    /** A rollup over the to-many relation {@code relation}: {@code function} of the children's {@code field}; no column. */
    static FieldSpec rollup(String apiName, String label, String relation, FieldType.RollupFunction function, String field) {
        return new FieldSpec(apiName, label, new FieldType.Rollup(ApiName.of(relation), field == null ? null : ApiName.of(field), function,
                null, 2)).computed();
    }

    /** A validation rule the pack declares on {@code object}: {@code expression} must not be false. */
    static io.metaplatform.registry.ValidationRule rule(String object, String name, String expression, String message, String field) {
        return new io.metaplatform.registry.ValidationRule(java.util.UUID.nameUUIDFromBytes(("rule:" + object + "." + name).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), ApiName.of(object), name, expression, message, field, true, true, 0);
    }

    private static List<SelectOption> options(String... options) {
        List<SelectOption> result = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            String[] parts = options[i].split(":", 2);
            result.add(new SelectOption(parts[0], parts[0].toUpperCase(), parts[1], i, null, false));
        }
        return result;
    }

    /** A field being declared; every modifier returns a changed copy. */
    record FieldSpec(String apiName, String label, FieldType type, Constraints constraints, Storage storage, String description) {

        FieldSpec(String apiName, String label, FieldType type) {
            this(apiName, label, type, Constraints.NONE, new Storage.Column(ApiName.of(apiName).snakeCase()), null);
        }

        FieldSpec required() {
            return new FieldSpec(apiName, label, type, constraints.withRequired(true), storage, description);
        }

        FieldSpec unique() {
            return new FieldSpec(apiName, label, type, constraints.withUnique(true), storage, description);
        }

        FieldSpec defaultValue(Object value) {
            return new FieldSpec(apiName, label, type, constraints.withDefault(value), storage, description);
        }

        FieldSpec range(String min, String max) {
            return new FieldSpec(apiName, label, type, constraints.withRange(min == null ? null : new BigDecimal(min),
                    max == null ? null : new BigDecimal(max)), storage, description);
        }

        FieldSpec column(String name) {
            return new FieldSpec(apiName, label, type, constraints, new Storage.Column(name), description);
        }

        FieldSpec computed() {
            return new FieldSpec(apiName, label, type, constraints, new Storage.Computed(), description);
        }

        FieldSpec linked() {
            return new FieldSpec(apiName, label, type, constraints, new Storage.Link(), description);
        }

        FieldSpec describedAs(String text) {
            return new FieldSpec(apiName, label, type, constraints, storage, text);
        }

        FieldDefinition toDefinition(String objectApiName, int position) {
            return new FieldDefinition(FieldId.builtIn(objectApiName, apiName), ApiName.of(apiName), label, description, position,
                    type, constraints, storage, true, 0);
        }
    }
}
