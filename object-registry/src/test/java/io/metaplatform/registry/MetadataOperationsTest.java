package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MetadataOperationsTest extends RegistryTestSupport {

    static final List<SelectOption> TIERS = List.of(
            new SelectOption("gold", "GOLD", "Gold", 0, "#ffd700", false),
            new SelectOption("silver", "SILVER", "Silver", 1, null, false));

    @Test
    void tenantWithoutChangesSharesTheBuiltInSchema() {
        EffectiveSchema mine = inTenant(() -> metadata.schema());
        EffectiveSchema other = as(io.metaplatform.core.TenantId.random(), () -> metadata.schema());

        assertThat(mine).isSameAs(other);
        assertThat(mine.version()).isZero();
        assertThat(mine.object("invoiceLine")).isPresent();
    }

    @Test
    void everyChangeBumpsTheVersionAndIsLoggedWithBeforeAndAfter() {
        addField("company", "industry", new FieldType.Text(100));
        run(() -> metadata.updateField("company", "industry", new FieldChange(null, "Branche", null, null, null, null), 1L, "bob"));

        List<MetadataChangeEntry> log = inTenant(() -> metadata.changes(0, 10));

        assertThat(inTenant(() -> metadata.schema()).version()).isEqualTo(2);
        assertThat(log).extracting(MetadataChangeEntry::operation).containsExactly("CREATE_FIELD", "UPDATE_FIELD");
        assertThat(log).extracting(MetadataChangeEntry::actor).containsExactly("admin", "bob");
        assertThat(log.get(1).before()).contains("\"label\": \"industry\"");
        assertThat(log.get(1).after()).contains("\"label\": \"Branche\"");
    }

    @Test
    void rejectsBadFieldDefinitionsWithEveryProblemAtOnce() {
        NewField bad = new NewField("Name", "x".repeat(101), null, new FieldType.Text(50),
                new Constraints(false, false, 5, new BigDecimal("3"), new BigDecimal("1"), 9, 2, "(unclosed"), null);

        assertThatThrownBy(() -> inTenant(() -> metadata.createField("company", bad, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationFields(e)).containsExactlyInAnyOrder(
                        "apiName", "label", "constraints.pattern", "constraints.min", "constraints.minLength", "constraints.defaultValue"));
        assertThatThrownBy(() -> addField("company", "name", new FieldType.Text(10)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("DUPLICATE"));
        assertThatThrownBy(() -> addField("company", "createdAt", new FieldType.Text(10)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("RESERVED"));
        assertThatThrownBy(() -> addField("company", "contacts", new FieldType.Text(10)))
                .as("the inverse of contact.company").isInstanceOf(PlatformException.class);
    }

    @Test
    void renameKeepsStoredValues() {
        addField("company", "industry", new FieldType.Text(100));
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME", "industry", "Robotics"), "alice"));

        run(() -> metadata.updateField("company", "industry", new FieldChange("sector", "Sector", null, null, null, null), null, "admin"));
        DataRecord read = inTenant(() -> records.get("company", acme.id())).orElseThrow();

        assertThat(read.values()).containsEntry("sector", "Robotics").doesNotContainKey("industry");
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5)
                .where(Filter.compare("sector", Filter.Operator.EQ, "Robotics")))).records()).hasSize(1);
    }

    @Test
    void optionsAreAddedRelabelledReorderedAndRetiredWithoutRewritingData() {
        addField("company", "tier", new FieldType.Select(TIERS));
        DataRecord gold = inTenant(() -> records.create("company", Map.of("name", "G", "tier", "GOLD"), "alice"));

        List<SelectOption> edited = List.of(
                new SelectOption("silver", "SILVER", "Silber", 0, null, false),
                new SelectOption("gold", "PREMIUM", "Premium", 1, null, true),
                new SelectOption("bronze", "BRONZE", "Bronze", 2, null, false));
        run(() -> metadata.updateField("company", "tier", new FieldChange(null, null, null, null, new FieldType.Select(edited), null),
                null, "admin"));

        assertThat(inTenant(() -> records.get("company", gold.id())).orElseThrow().get("tier"))
                .as("the stored option id now reads as its new value").isEqualTo("PREMIUM");
        assertThatThrownBy(() -> inTenant(() -> records.create("company", Map.of("name", "P", "tier", "PREMIUM"), "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("OPTION_RETIRED"));
        assertThat(inTenant(() -> records.create("company", Map.of("name", "B", "tier", "BRONZE"), "alice")).get("tier")).isEqualTo("BRONZE");
        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("company", "tier",
                new FieldChange(null, null, null, null, new FieldType.Select(edited.subList(0, 2)), null), null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("OPTION_REMOVED"));
    }

    @Test
    void textBecomesEmailOnlyWhenEveryStoredValueIsOne() {
        addField("company", "billingEmail", new FieldType.Text(200));
        DataRecord good = inTenant(() -> records.create("company", Map.of("name", "A", "billingEmail", "billing@a.example"), "alice"));
        DataRecord bad = inTenant(() -> records.create("company", Map.of("name", "B", "billingEmail", "call us"), "alice"));
        FieldChange toEmail = new FieldChange(null, null, null, null, new FieldType.Email(), null);

        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("company", "billingEmail", toEmail, null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(violationCodes(e)).containsExactly("VALUES_DO_NOT_CONVERT");
                    assertThat(e.violations().getFirst().message()).contains(bad.id().toString()).doesNotContain(good.id().toString());
                });

        run(() -> records.update("company", bad.id(), Map.of("billingEmail", "b@b.example"), null, "alice"));
        FieldDefinition converted = inTenant(() -> metadata.updateField("company", "billingEmail", toEmail, null, "admin"));
        assertThat(converted.type()).isEqualTo(new FieldType.Email());
        assertThatThrownBy(() -> inTenant(() -> records.update("company", good.id(), Map.of("billingEmail", "nope"), null, "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("INVALID_EMAIL"));
    }

    @Test
    void safeConversionsReadTheOldValuesInTheNewType() {
        addField("company", "seats", new FieldType.Int());
        addField("company", "tier", new FieldType.Select(TIERS));
        addField("company", "founded", new FieldType.Date());
        DataRecord acme = inTenant(() -> records.create("company",
                Map.of("name", "ACME", "seats", 12, "tier", "GOLD", "founded", "1999-04-01"), "alice"));

        run(() -> metadata.updateField("company", "seats", new FieldChange(null, null, null, null, new FieldType.Decimal(10, 2), null), null, "a"));
        run(() -> metadata.updateField("company", "tier", new FieldChange(null, null, null, null, new FieldType.MultiSelect(TIERS), null), null, "a"));
        run(() -> metadata.updateField("company", "founded", new FieldChange(null, null, null, null, new FieldType.Text(50), null), null, "a"));
        DataRecord read = inTenant(() -> records.get("company", acme.id())).orElseThrow();

        assertThat((BigDecimal) read.get("seats")).isEqualByComparingTo("12.00");
        assertThat(read.get("tier")).isEqualTo(List.of("GOLD"));
        assertThat(read.get("founded")).isEqualTo("1999-04-01");
        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5)
                .where(Filter.compare("tier", Filter.Operator.CONTAINS_ANY, List.of("GOLD"))))).records()).hasSize(1);
    }

    @Test
    void unsafeTypeChangesAreRefused() {
        addField("company", "active2", new FieldType.Bool());

        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("company", "active2",
                new FieldChange(null, null, null, null, new FieldType.Date(), null), null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("TYPE_CHANGE_NOT_SUPPORTED"));
        assertThatThrownBy(() -> inTenant(() -> metadata.updateField("company", "name",
                new FieldChange(null, null, null, null, new FieldType.LongText(5000), null), null, "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).contains("BUILT_IN"));
    }

    @Test
    void builtInFieldsTakeNewLabelsButCannotBeDeleted() {
        FieldDefinition relabelled = inTenant(() -> metadata.updateField("company", "vatId",
                new FieldChange(null, "USt-IdNr.", null, null, null, null), 0L, "admin"));

        assertThat(relabelled.label()).isEqualTo("USt-IdNr.");
        assertThat(relabelled.version()).isEqualTo(1);
        assertThatThrownBy(() -> inTenant(() -> { metadata.deleteField("company", "vatId", null, "admin"); return null; }))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("BUILT_IN"));
    }

    @Test
    void deletedFieldIsHiddenAtOnceAndItsValuesStayUntilPurged() {
        FieldDefinition legacy = addField("company", "legacyCode", new FieldType.Text(20));
        DataRecord acme = inTenant(() -> records.create("company", Map.of("name", "ACME", "legacyCode", "X-1"), "alice"));
        inTenant(() -> records.create("company", Map.of("name", "Other"), "alice"));

        run(() -> metadata.deleteField("company", "legacyCode", null, "admin"));
        assertThat(inTenant(() -> records.get("company", acme.id())).orElseThrow().values()).doesNotContainKey("legacyCode");
        assertThatThrownBy(() -> inTenant(() -> records.update("company", acme.id(), Map.of("legacyCode", "Y"), null, "alice")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("UNKNOWN_FIELD"));
        FieldDefinition reused = addField("company", "legacyCode", new FieldType.Int());

        int purged = inTenant(() -> metadata.purgeField("company", legacy.id(), "admin"));
        assertThat(purged).as("only the record that held a value").isEqualTo(1);
        assertThat(inTenant(() -> records.get("company", acme.id())).orElseThrow().get(reused.apiName().value()))
                .as("a new field of the same name does not see the old values").isNull();
        assertThatThrownBy(() -> inTenant(() -> metadata.purgeField("company", legacy.id(), "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void customObjectsAreCreatedRenamedAndDeleted() {
        ObjectDefinition created = inTenant(() -> metadata.createObject(new NewObject("vehicle", "Vehicle", "Vehicles", "Fleet"), "admin"));
        addField("vehicle", "plate", new FieldType.Text(20), Constraints.NONE.withRequired(true).withUnique(true));
        DataRecord car = inTenant(() -> records.create("vehicle", Map.of("plate", "B-XY 123"), "alice"));

        ObjectDefinition renamed = inTenant(() -> metadata.updateObject("vehicle", new ObjectChange("car", "Car", "Cars", null), 1L, "admin"));
        assertThat(renamed.id()).isEqualTo(created.id());
        assertThat(inTenant(() -> records.get("car", car.id())).orElseThrow().get("plate")).isEqualTo("B-XY 123");

        addField("contact", "car", new FieldType.Relation(ApiName.of("car"), FieldType.Cardinality.MANY_TO_ONE, FieldType.OnDelete.SET_NULL,
                ApiName.of("drivers"), "Drivers"));
        assertThatThrownBy(() -> inTenant(() -> { metadata.deleteObject("car", null, "admin"); return null; }))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        run(() -> metadata.deleteField("contact", "car", null, "admin"));
        run(() -> metadata.deleteObject("car", null, "admin"));
        assertThat(inTenant(() -> metadata.schema()).object("car")).isEmpty();
    }

    @Test
    void concurrentEditsOfOneDefinitionLetOneWinAndTheOtherConflict() throws Exception {
        addField("company", "region", new FieldType.Text(50));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> outcomes = new ArrayList<>();
        for (String label : List.of("Region A", "Region B")) {
            Callable<String> edit = () -> {
                start.await();
                try {
                    inTenant(() -> metadata.updateField("company", "region", new FieldChange(null, label, null, null, null, null), 1L, label));
                    return "won:" + label;
                } catch (PlatformException e) {
                    return e.code().name();
                }
            };
            outcomes.add(pool.submit(edit));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertThat(results).filteredOn(result -> result.startsWith("won:")).hasSize(1);
        assertThat(results).contains("CONFLICT");
        String winner = results.stream().filter(result -> result.startsWith("won:")).findFirst().orElseThrow().substring(4);
        assertThat(inTenant(() -> metadata.schema()).object("company").orElseThrow().field("region").orElseThrow().label()).isEqualTo(winner);
        assertThat(inTenant(() -> metadata.changes(0, 10))).hasSize(2);
    }

    @Test
    void anotherTenantNeverSeesMyDefinitions() {
        addField("company", "secretScore", new FieldType.Int());

        EffectiveSchema other = as(io.metaplatform.core.TenantId.random(), () -> metadata.schema());

        assertThat(other.object("company").orElseThrow().field("secretScore")).isEmpty();
    }
}
