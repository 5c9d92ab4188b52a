package io.metaplatform.registry.internal.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.FieldDefinition;
import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.ObjectDefinition;
import io.metaplatform.registry.ObjectStorage;
import io.metaplatform.registry.SelectOption;
import io.metaplatform.registry.Storage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PacksTest {

    private static final Set<String> RECORD_COLUMNS = Set.of("tenant_id", "id", "custom", "created_at", "updated_at",
            "created_by", "updated_by", "version", "deleted_at");

    private final List<ObjectDefinition> objects = Packs.objects();

    @Test
    void versionNamesEveryPack() {
        assertThat(Packs.version()).isEqualTo("crm:3,sales:3,work:2");
    }

    @Test
    void objectsComeInPositionOrderWithDistinctNamesPositionsAndTables() {
        assertThat(objects).isSortedAccordingTo(Comparator.comparingInt(ObjectDefinition::position));
        assertThat(duplicates(objects, object -> object.apiName().value())).isEmpty();
        assertThat(duplicates(objects, ObjectDefinition::position)).isEmpty();
        assertThat(duplicates(objects, ObjectDefinition::storage)).isEmpty();
        assertThat(objects).allSatisfy(object -> assertThat(object.storage()).isInstanceOf(ObjectStorage.OwnTable.class));
    }

    @Test
    void apiNamesAreUniquePerObjectAndNotReserved() {
        List<String> problems = new ArrayList<>();
        for (ObjectDefinition object : objects) {
            duplicates(object.fields(), field -> field.apiName().value())
                    .forEach(name -> problems.add(object.apiName() + ": two fields named " + name));
            object.fields().stream().filter(field -> ApiName.isReserved(field.apiName().value()))
                    .forEach(field -> problems.add(object.apiName() + "." + field.apiName() + " is a reserved name"));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void columnsAreUniquePerTableAndLeaveTheRecordColumnsAlone() {
        List<String> problems = new ArrayList<>();
        for (ObjectDefinition object : objects) {
            List<String> columns = object.fields().stream().flatMap(PacksTest::columnsOf).toList();
            duplicates(columns, Function.identity())
                    .forEach(column -> problems.add(object.apiName() + ": two fields in column " + column));
            columns.stream().filter(RECORD_COLUMNS::contains)
                    .forEach(column -> problems.add(object.apiName() + ": a field in record column " + column));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void selectDefaultsNameActiveOptions() {
        List<String> problems = new ArrayList<>();
        for (ObjectDefinition object : objects) {
            for (FieldDefinition field : object.fields()) {
                Object value = field.constraints().defaultValue();
                if (field.type() instanceof FieldType.Select select && value != null
                        && select.optionByValue(String.valueOf(value)).filter(option -> !option.retired()).isEmpty()) {
                    problems.add(object.apiName() + "." + field.apiName() + ": default " + value + " is not an option");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void optionValuesAreTheirIdsInUpperCase() {
        List<SelectOption> options = objects.stream().flatMap(object -> object.fields().stream())
                .map(FieldDefinition::type)
                .flatMap(type -> type instanceof FieldType.WithOptions select ? select.options().stream() : Stream.empty())
                .toList();

        assertThat(options).isNotEmpty().allSatisfy(option -> assertThat(option.value()).isEqualTo(option.id().toUpperCase()));
    }

    @Test
    void everyRelationTargetsAnObjectOfThePacks() {
        Set<ApiName> names = objects.stream().map(ObjectDefinition::apiName).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        forEachRelation((object, field, relation) -> {
            if (!names.contains(relation.target())) {
                problems.add(object.apiName() + "." + field.apiName() + " targets unknown object " + relation.target());
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void inverseNamesAreFreeOnTheTarget() {
        Map<ApiName, ObjectDefinition> byName = objects.stream()
                .collect(Collectors.toMap(ObjectDefinition::apiName, Function.identity()));
        Set<String> taken = new HashSet<>();
        List<String> problems = new ArrayList<>();
        forEachRelation((object, field, relation) -> {
            String inverse = relation.target() + "." + relation.inverseName();
            Optional<ObjectDefinition> target = Optional.ofNullable(byName.get(relation.target()));
            boolean clashesWithField = target.flatMap(it -> it.field(relation.inverseName().value())).isPresent();
            if (clashesWithField || !taken.add(inverse) || ApiName.isReserved(relation.inverseName().value())) {
                problems.add(object.apiName() + "." + field.apiName() + ": inverse " + inverse + " is taken");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void requiredRelationsAreNotSetToNullOnDelete() {
        List<String> problems = new ArrayList<>();
        forEachRelation((object, field, relation) -> {
            if (field.required() && relation.onDelete() == FieldType.OnDelete.SET_NULL) {
                problems.add(object.apiName() + "." + field.apiName());
            }
        });
        assertThat(problems).isEmpty();
    }

    private void forEachRelation(RelationVisitor visitor) {
        for (ObjectDefinition object : objects) {
            for (FieldDefinition field : object.fields()) {
                if (field.type() instanceof FieldType.Relation relation) {
                    visitor.visit(object, field, relation);
                }
            }
        }
    }

    private static Stream<String> columnsOf(FieldDefinition field) {
        if (!(field.storage() instanceof Storage.Column(String name))) {
            return Stream.empty();
        }
        return field.type() instanceof FieldType.Currency ? Stream.of(name, name + "_currency") : Stream.of(name);
    }

    private static <T, K> Set<K> duplicates(Collection<T> items, Function<T, K> key) {
        Set<K> seen = new HashSet<>();
        return items.stream().map(key).filter(value -> !seen.add(value)).collect(Collectors.toSet());
    }

    @FunctionalInterface
    private interface RelationVisitor {
        void visit(ObjectDefinition object, FieldDefinition field, FieldType.Relation relation);
    }
}
