package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Layouts as metadata: checked against the object's fields, one default per kind, robust to renamed and deleted fields. */
class LayoutServiceTest extends RegistryTestSupport {

    @Autowired
    LayoutService layouts;
    @Autowired
    TransactionTemplate transactions;

    private static Layout form(String name, boolean isDefault, String... fields) {
        return new Layout("company", name, name + " form", isDefault, new Layout.RecordForm(List.of(new Layout.Section("Main", 2,
                java.util.Arrays.stream(fields).map(field -> new Layout.FormField(field, "help for " + field, false)).toList()))));
    }

    private static Layout list(String name, String... columns) {
        return new Layout("company", name, null, false, new Layout.ListView(
                java.util.Arrays.stream(columns).map(column -> new Layout.Column(column, null, 120)).toList(),
                List.of(new Layout.Sort(columns[0], true)), List.of(new Layout.SavedFilter("berlin", "In Berlin",
                        Map.of("city", Map.of("eq", "Berlin")))), 25));
    }

    @Test
    void aDefinedLayoutIsServedWithItsFieldsAndTheFirstOfItsKindIsTheDefault() {
        inTenant(() -> layouts.define(form("main", false, "name", "city"), "admin"));
        inTenant(() -> layouts.define(list("all", "name", "city"), "admin"));

        List<Layout.Rendered> served = inTenant(() -> layouts.layoutsFor("company", null));

        assertThat(served).extracting(rendered -> rendered.layout().name(), rendered -> rendered.layout().isDefault())
                .containsExactly(tuple("main", true), tuple("all", true));
        assertThat(served.getFirst().layout()).isEqualTo(form("main", true, "name", "city"));
        assertThat(served.get(1).layout().spec()).isEqualTo(list("all", "name", "city").spec());
        assertThat(served).allSatisfy(rendered -> assertThat(rendered.problems()).isEmpty());
    }

    @Test
    void aNewDefaultTakesTheDefaultOverAndDeletingTheDefaultPassesItOn() {
        inTenant(() -> layouts.define(form("a", false, "name"), "admin"));
        inTenant(() -> layouts.define(form("b", true, "name"), "admin"));
        assertThat(defaults()).containsExactly("b");

        inTenant(() -> layouts.define(form("b", false, "name", "city"), "admin"));
        assertThat(defaults()).as("the only default stays one").containsExactly("b");

        run(() -> layouts.delete("company", Layout.Kind.FORM, "b", "admin"));
        assertThat(defaults()).containsExactly("a");
    }

    private List<String> defaults() {
        return inTenant(() -> layouts.layoutsFor("company", Layout.Kind.FORM)).stream().filter(rendered -> rendered.layout().isDefault())
                .map(rendered -> rendered.layout().name()).toList();
    }

    @Test
    void everyProblemOfALayoutIsReportedAtOnceWithItsPath() {
        Layout bad = new Layout("company", "1bad", "x".repeat(101), false, new Layout.ListView(
                List.of(new Layout.Column("name", null, null), new Layout.Column("nope", null, 5), new Layout.Column("name", null, null)),
                List.of(new Layout.Sort("ghost", false)), List.of(new Layout.SavedFilter("f", null, Map.of("missing", Map.of("eq", 1))),
                        new Layout.SavedFilter("g", null, Map.of("and", List.of(Map.of("city", "Berlin"))))), 0));

        assertThatThrownBy(() -> inTenant(() -> layouts.define(bad, "admin"))).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                    tuple("input.name", "INVALID_NAME"),
                    tuple("input.label", "TOO_LONG"),
                    tuple("input.list.columns[1].field", "UNKNOWN_FIELD"),
                    tuple("input.list.columns[1].width", "OUT_OF_RANGE"),
                    tuple("input.list.columns[2].field", "DUPLICATE_FIELD"),
                    tuple("input.list.sort[0].field", "UNKNOWN_FIELD"),
                    tuple("input.list.pageSize", "OUT_OF_RANGE"),
                    tuple("input.list.filters[0].filter.missing", "UNKNOWN_FIELD"),
                    tuple("input.list.filters[1].filter.and[0].city", "INVALID_FILTER"));
        });
        assertThatThrownBy(() -> inTenant(() -> layouts.define(new Layout("nothing", "x", null, false, new Layout.RecordForm(List.of())), "a")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).extracting(Violation::field, Violation::code)
                        .containsExactly(tuple("object", "UNKNOWN_OBJECT")));
        assertThat(inTenant(() -> layouts.layoutsFor("company", null))).isEmpty();
    }

    @Test
    void aRenamedFieldKeepsItsPlaceAndADeletedOneIsSkippedAndReported() {
        addField("company", "tier", new FieldType.Text(20));
        addField("company", "score", new FieldType.Int());
        inTenant(() -> layouts.define(form("main", true, "name", "tier", "score"), "admin"));
        inTenant(() -> layouts.define(new Layout("company", "scored", null, true, new Layout.ListView(
                List.of(new Layout.Column("name", null, null), new Layout.Column("score", null, null)), List.of(new Layout.Sort("score", true)),
                List.of(new Layout.SavedFilter("high", null, Map.of("score", Map.of("gt", 10)))), 50)), "admin"));

        inTenant(() -> metadata.updateField("company", "tier", new FieldChange("level", null, null, null, null, null), null, "admin"));
        run(() -> metadata.deleteField("company", "score", null, "admin"));

        List<Layout.Rendered> served = inTenant(() -> layouts.layoutsFor("company", null));
        Layout.Rendered form = served.getFirst();
        assertThat(((Layout.RecordForm) form.layout().spec()).sections().getFirst().fields()).extracting(Layout.FormField::field)
                .containsExactly("name", "level");
        assertThat(form.problems()).extracting(Layout.Problem::path, Layout.Problem::field, Layout.Problem::code)
                .containsExactly(tuple("sections[0].fields[2]", "score", "FIELD_DELETED"));
        Layout.ListView list = (Layout.ListView) served.get(1).layout().spec();
        assertThat(list.columns()).extracting(Layout.Column::field).containsExactly("name");
        assertThat(list.sort()).isEmpty();
        assertThat(list.filters()).isEmpty();
        assertThat(served.get(1).problems()).extracting(Layout.Problem::path).containsExactly("columns[1]", "sort[0]", "filters[0]");
    }

    @Test
    void everyLayoutChangeBumpsTheMetadataVersionAndIsInTheChangeLog() {
        long before = inTenant(() -> metadata.version());
        inTenant(() -> layouts.define(form("main", true, "name"), "anna"));
        inTenant(() -> layouts.define(form("main", true, "name", "city"), "anna"));
        run(() -> layouts.delete("company", Layout.Kind.FORM, "main", "ben"));

        assertThat(inTenant(() -> metadata.version())).isEqualTo(before + 3);
        List<MetadataChangeEntry> log = inTenant(() -> metadata.changes(before, 10));
        assertThat(log).extracting(MetadataChangeEntry::operation, MetadataChangeEntry::targetKind, MetadataChangeEntry::actor)
                .containsExactly(tuple("CREATE_LAYOUT", "LAYOUT", "anna"), tuple("UPDATE_LAYOUT", "LAYOUT", "anna"),
                        tuple("DELETE_LAYOUT", "LAYOUT", "ben"));
        assertThat(log.get(1).before()).contains("\"name\"").doesNotContain("city");
        assertThat(log.get(1).after()).contains("city");
    }

    @Test
    void anotherTenantNeverSeesTheLayoutsAndCannotDeleteThem() {
        inTenant(() -> layouts.define(form("main", true, "name"), "admin"));
        TenantId other = TenantId.random();

        assertThat(as(other, () -> layouts.layoutsFor("company", null))).isEmpty();
        assertThat(as(other, () -> layouts.layoutsOf(other))).isEmpty();
        assertThatThrownBy(() -> as(other, () -> {
            layouts.delete("company", Layout.Kind.FORM, "main", "intruder");
            return null;
        })).isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(inTenant(() -> layouts.layoutsFor("company", null))).hasSize(1);
    }

    @Test
    void packagesReadAndReplaceEveryLayoutOfATenantInOneTransactionAndAReplayChangesNothing() {
        inTenant(() -> layouts.define(form("old", true, "name"), "admin"));
        List<Layout> wanted = List.of(form("main", false, "name", "city"), list("all", "name"));

        int changed = inTenant(() -> transactions.execute(status -> {
            long version = metadata.version() + 1;
            return layouts.replaceLayouts(tenant, metadata.schema(), wanted, version, "deploy");
        }));
        assertThat(changed).as("old deleted, two created").isEqualTo(3);
        assertThat(inTenant(() -> layouts.layoutsOf(tenant))).containsExactly(form("main", true, "name", "city"),
                list("all", "name").withDefault(true));

        List<Layout> retrieved = inTenant(() -> layouts.layoutsOf(tenant));
        int again = inTenant(() -> transactions.execute(status -> layouts.replaceLayouts(tenant, metadata.schema(), retrieved, 99, "deploy")));
        assertThat(again).isZero();

        List<Layout> broken = List.of(form("x", true, "nope"), form("x", true, "name"));
        assertThatThrownBy(() -> inTenant(() -> transactions.execute(status -> layouts.replaceLayouts(tenant, metadata.schema(), broken, 99, "d"))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).extracting(Violation::field, Violation::code)
                        .containsExactly(tuple("layouts[0].form.sections[0].fields[0].field", "UNKNOWN_FIELD"),
                                tuple("layouts[1].name", "DUPLICATE"), tuple("layouts[1].isDefault", "DUPLICATE_DEFAULT")));
        assertThat(inTenant(() -> layouts.layoutsOf(tenant))).hasSize(2);
        assertThatThrownBy(() -> inTenant(() -> layouts.replaceLayouts(tenant, metadata.schema(), wanted, 1, "d")))
                .isInstanceOf(IllegalStateException.class);
    }
}
