package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/built-in-objects.md is rendered from the packs; this test fails when they drift apart.
 * Regenerate with {@code ./mvnw -pl object-registry -am test -Dtest=BuiltInObjectsDocTest -Ddocs.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BuiltInObjectsDocTest {

    private static final Path DOC = Path.of("..", "docs", "reference", "built-in-objects.md");

    @Test
    void referenceDocMatchesThePacks() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered);
        }
        assertThat(Files.readString(DOC)).isEqualTo(rendered);
    }

    static String render() {
        StringBuilder doc = new StringBuilder();
        doc.append("# Built-in objects\n\n")
                .append("Every tenant starts with these objects (packs `").append(BuiltInPacks.version()).append("`). ")
                .append("Tenant admins add custom fields to them and relabel them; their fields' API names, types and storage are fixed.\n")
                .append("This page is generated from the packs (`BuiltInObjectsDocTest`).\n");
        for (ObjectDefinition object : BuiltInPacks.objects()) {
            doc.append("\n## `").append(object.apiName()).append("` (").append(object.labelPlural()).append(")\n\n");
            if (object.description() != null) {
                doc.append(object.description()).append("\n\n");
            }
            doc.append("| field | label | type | constraints |\n|---|---|---|---|\n");
            for (FieldDefinition field : object.fields()) {
                doc.append("| `").append(field.apiName()).append("` | ").append(field.label()).append(" | ").append(type(field.type()))
                        .append(" | ").append(constraints(field)).append(" |\n");
            }
        }
        return doc.toString();
    }

    private static String type(FieldType type) {
        return switch (type) {
            case FieldType.Text text -> "TEXT(" + text.maxLength() + ")";
            case FieldType.Decimal decimal -> "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
            case FieldType.Select select -> "SELECT: " + select.options().stream().map(SelectOption::value).collect(Collectors.joining(", "));
            case FieldType.MultiSelect multi -> "MULTI_SELECT: " + multi.options().stream().map(SelectOption::value)
                    .collect(Collectors.joining(", "));
            case FieldType.Relation relation -> "RELATION → `" + relation.target() + "` (" + relation.cardinality().name().toLowerCase()
                    .replace('_', '-') + ", on delete " + relation.onDelete().name().toLowerCase().replace('_', ' ')
                    + (relation.inverseName() == null ? "" : "; inverse `" + relation.inverseName() + "`") + ")";
            case FieldType.Formula formula -> "FORMULA (" + formula.resultKind() + "): `" + formula.expression() + "`";
            case FieldType.Rollup rollup -> "ROLLUP: " + rollup.function() + " of `" + rollup.relation()
                    + (rollup.field() == null ? "" : "." + rollup.field()) + "`";
            default -> type.kind();
        };
    }

    private static String constraints(FieldDefinition field) {
        Constraints c = field.constraints();
        StringBuilder text = new StringBuilder();
        if (c.required()) {
            text.append("required ");
        }
        if (c.unique()) {
            text.append("unique ");
        }
        if (c.defaultValue() != null) {
            text.append("default ").append(c.defaultValue()).append(' ');
        }
        if (c.min() != null || c.max() != null) {
            text.append("range ").append(c.min() == null ? "" : c.min().toPlainString()).append("..")
                    .append(c.max() == null ? "" : c.max().toPlainString()).append(' ');
        }
        if (field.description() != null) {
            text.append("— ").append(field.description());
        }
        return text.toString().strip();
    }
}
