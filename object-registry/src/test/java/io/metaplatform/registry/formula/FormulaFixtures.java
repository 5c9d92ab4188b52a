package io.metaplatform.registry.formula;

import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.EffectiveSchema;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldId;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ObjectId;
import io.metaplatform.registry.ObjectStorage;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.Storage;
import java.util.ArrayList;
import java.util.List;

/** Objects of every field type, in memory, for the formula tests. */
final class FormulaFixtures {

    static final List<SelectOption> STATUS = List.of(new SelectOption("s_open", "OPEN", "Open", 0, null, false),
            new SelectOption("s_paid", "PAID", "Paid", 1, null, false));

    private FormulaFixtures() {
    }

    static FieldDefinition field(String object, String name, FieldType type) {
        Storage storage = type instanceof FieldType.Formula ? new Storage.Computed() : new Storage.Column(ApiName.of(name).snakeCase());
        return new FieldDefinition(FieldId.builtIn(object, name), ApiName.of(name), name, null, 0, type, null, storage, false, 0);
    }

    static ObjectDefinition object(String name, FieldDefinition... fields) {
        return new ObjectDefinition(ObjectId.builtIn(name), ApiName.of(name), name, name + "s", null, 0,
                new ObjectStorage.OwnTable(name), true, List.of(fields), 0);
    }

    /** {@code thing} with one field of each type, and a chain of to-one relations thing → company → country. */
    static EffectiveSchema schema(FieldDefinition... extra) {
        List<FieldDefinition> fields = new ArrayList<>(List.of(
                field("thing", "t", new FieldType.Text(100)),
                field("thing", "u", new FieldType.Text(100)),
                field("thing", "n", new FieldType.Decimal(18, 4)),
                field("thing", "m", new FieldType.Decimal(18, 2)),
                field("thing", "i", new FieldType.Int()),
                field("thing", "p", new FieldType.Percent(2)),
                field("thing", "amount", new FieldType.Currency(2)),
                field("thing", "b", new FieldType.Bool()),
                field("thing", "d", new FieldType.Date()),
                field("thing", "e", new FieldType.Date()),
                field("thing", "ts", new FieldType.DateTime()),
                field("thing", "s", new FieldType.Select(STATUS)),
                field("thing", "tags", new FieldType.MultiSelect(STATUS)),
                field("thing", "company", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE, null, null, null))));
        fields.addAll(List.of(extra));
        ObjectDefinition thing = object("thing", fields.toArray(FieldDefinition[]::new));
        ObjectDefinition company = object("company", field("company", "city", new FieldType.Text(100)),
                field("company", "country", new FieldType.Relation(ApiName.of("country"), FieldType.Cardinality.MANY_TO_ONE, null, null, null)),
                field("company", "parent", new FieldType.Relation(ApiName.of("company"), FieldType.Cardinality.MANY_TO_ONE, null, null, null)));
        ObjectDefinition country = object("country", field("country", "code", new FieldType.Text(2)));
        return new EffectiveSchema(0, List.of(thing, company, country));
    }

    static ObjectDefinition thing(EffectiveSchema schema) {
        return schema.object("thing").orElseThrow();
    }
}
