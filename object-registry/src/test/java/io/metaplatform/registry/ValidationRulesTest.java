package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Validation rules hold on every write path (single, batch, bulk, upsert), all failures at once, and can be switched off. */
class ValidationRulesTest extends RegistryTestSupport {

    @Autowired
    ValidationRuleService rules;
    @Autowired
    org.jooq.DSLContext dsl;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @BeforeEach
    void jobsWithRules() {
        run(() -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));
        addField("job", "title", new FieldType.Text(100));
        addField("job", "code", new FieldType.Text(20), Constraints.NONE.withUnique(true));
        addField("job", "hours", new FieldType.Decimal(10, 2));
        addField("job", "budget", new FieldType.Decimal(10, 2));
        inTenant(() -> rules.create("job", new NewValidationRule("hoursWithinBudget", "hours <= budget", "exceeds the budget", "hours", null)));
        inTenant(() -> rules.create("job", new NewValidationRule("titleNotShouted", "title != UPPER(title)", "must not be all capitals",
                "title", null)));
    }

    private static PlatformException refused(Runnable write) {
        try {
            write.run();
        } catch (PlatformException e) {
            return e;
        }
        throw new AssertionError("the write was not refused");
    }

    @Test
    void everyFailingRuleIsReportedAtOnceAndNothingIsWritten() {
        PlatformException e = refused(() -> inTenant(() -> records.create("job", Map.of("title", "BIG", "hours", "10", "budget", "5"), "alice")));

        assertThat(e.violations()).containsExactly(
                new Violation("hours", "RULE_VIOLATED", "exceeds the budget (rule hoursWithinBudget)"),
                new Violation("title", "RULE_VIOLATED", "must not be all capitals (rule titleNotShouted)"));
        assertThat(inTenant(() -> records.list("job", RecordQuery.firstPage(10))).records()).isEmpty();
    }

    @Test
    void rulesOverTheRecordsOwnValuesAreReportedTogetherWithInvalidValues() {
        PlatformException e = refused(() -> inTenant(() -> records.create("job", Map.of("title", "BIG", "budget", "ten"), "alice")));

        assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("budget", "INVALID_TYPE"), org.assertj.core.groups.Tuple.tuple("title", "RULE_VIOLATED"));
    }

    @Test
    void aRuleWhoseValuesAreMissingPasses() {
        DataRecord job = inTenant(() -> records.create("job", Map.of("hours", "10"), "alice"));

        assertThat(job.values()).containsEntry("budget", null);
    }

    @Test
    void rulesHoldOnUpdatesBatchesBulkUpdatesAndUpserts() {
        DataRecord job = inTenant(() -> records.create("job", Map.of("title", "Roof", "code", "J1", "hours", "1", "budget", "5"), "alice"));
        DataRecord other = inTenant(() -> records.create("job", Map.of("title", "Door", "hours", "1", "budget", "2"), "alice"));

        assertThat(refused(() -> inTenant(() -> records.update("job", job.id(), Map.of("hours", "6"), null, "alice"))).violations())
                .extracting(Violation::field).containsExactly("hours");
        assertThat(refused(() -> inTenant(() -> records.createMany("job", List.of(Map.of("title", "ok"), Map.of("title", "NO")), null, "csv")))
                .violations()).extracting(Violation::field).containsExactly("[1].title");
        Map<UUID, Map<String, Object>> each = new LinkedHashMap<>();
        each.put(job.id(), Map.of("hours", "2"));
        each.put(other.id(), Map.of("hours", "3"));
        assertThat(refused(() -> run(() -> records.updateEach("job", each, "connector"))).violations()).extracting(Violation::field)
                .containsExactly("[1].hours");
        assertThat(refused(() -> inTenant(() -> records.updateMany("job", null, Map.of("hours", "4"), "alice"))).violations())
                .as("only Door's budget is below 4 hours").singleElement().extracting(Violation::field).asString().endsWith("].hours");
        assertThat(refused(() -> inTenant(() -> records.createMany("job", List.of(Map.of("code", "J1", "hours", "9")), "code", "import")))
                .violations()).extracting(Violation::field).containsExactly("[0].hours");

        assertThat(inTenant(() -> records.get("job", job.id())).orElseThrow().values()).containsEntry("hours", new java.math.BigDecimal("1.00"));
        assertThat(inTenant(() -> records.get("job", other.id())).orElseThrow().values()).containsEntry("hours", new java.math.BigDecimal("1.00"));
    }

    @Test
    void writesUseTheRulesOfTheMetadataVersionWithoutReadingThemAgainAndARuleChangeReachesTheNextWrite() {
        Map<String, Object> shouted = Map.of("title", "LOUD", "hours", "1", "budget", "2");
        assertThat(refused(() -> inTenant(() -> records.create("job", shouted, "alice"))).violations())
                .extracting(io.metaplatform.core.Violation::code).containsExactly("RULE_VIOLATED");
        // Behind the service's back (no metadata version change), as a stale read would see it: writes keep the rules
        // of their version, read once, instead of reading the table on every write.
        inTenant(() -> transactions.execute(status -> dsl.deleteFrom(DSL.table("validation_rule")).execute()));
        assertThat(refused(() -> inTenant(() -> records.create("job", shouted, "alice"))).violations())
                .extracting(io.metaplatform.core.Violation::code).containsExactly("RULE_VIOLATED");

        inTenant(() -> rules.create("job", new NewValidationRule("shortTitle", "LEN(title) < 3", "too long", "title", null)));

        PlatformException e = refused(() -> inTenant(() -> records.create("job", Map.of("title", "Quiet", "hours", "1"), "alice")));
        assertThat(e.violations()).extracting(io.metaplatform.core.Violation::field, io.metaplatform.core.Violation::code)
                .as("the change moved the version: the rules are read again, as the table now holds them").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("title", "RULE_VIOLATED"));
        assertThat(inTenant(() -> records.create("job", Map.of("title", "OK", "hours", "9", "budget", "1"), "alice"))).isNotNull();
    }

    @Test
    void aDeactivatedRuleIsNotEnforcedUntilActivatedAgain() {
        inTenant(() -> rules.update("job", "titleNotShouted", new NewValidationRule(null, null, null, null, false)));
        DataRecord loud = inTenant(() -> records.create("job", Map.of("title", "LOUD"), "alice"));

        inTenant(() -> rules.update("job", "titleNotShouted", new NewValidationRule(null, null, null, null, true)));

        assertThat(loud.values()).containsEntry("title", "LOUD");
        assertThat(refused(() -> inTenant(() -> records.update("job", loud.id(), Map.of("hours", "1"), null, "alice"))).violations())
                .extracting(Violation::code).containsExactly("RULE_VIOLATED");
        assertThat(inTenant(() -> rules.list("job"))).extracting(ValidationRule::name, ValidationRule::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hoursWithinBudget", true), org.assertj.core.groups.Tuple.tuple("titleNotShouted", true));
    }

    @Test
    void aRuleCanReadRelatedRecordsAndRollups() {
        addField("invoice", "paid", new FieldType.Rollup(ApiName.of("payments"), ApiName.of("amount"), FieldType.RollupFunction.SUM,
                null, 2));
        inTenant(() -> rules.create("payment", new NewValidationRule("notMoreThanOwed", "invoice.paid <= invoice.totalGross",
                "exceeds the open amount of the invoice", "amount", null)));
        UUID company = inTenant(() -> records.create("company", Map.of("name", "Acme"), "alice")).id();
        UUID invoice = inTenant(() -> records.create("invoice", Map.of("company", company, "totalGross", Map.of("amount", "100")), "alice")).id();

        inTenant(() -> records.create("payment", Map.of("invoice", invoice, "amount", Map.of("amount", "60"), "date", "2026-12-01"), "alice"));
        PlatformException tooMuch = refused(() -> inTenant(() -> records.create("payment", Map.of("invoice", invoice, "amount",
                Map.of("amount", "50"), "date", "2026-12-02"), "alice")));
        inTenant(() -> records.create("payment", Map.of("invoice", invoice, "amount", Map.of("amount", "40"), "date", "2026-12-02"), "alice"));

        assertThat(tooMuch.violations()).as("the built-in rule of the sales pack and the tenant's own")
                .containsExactly(new Violation("amount", "RULE_VIOLATED", "exceeds what the invoice still owes (rule notMoreThanBalance)"),
                        new Violation("amount", "RULE_VIOLATED", "exceeds the open amount of the invoice (rule notMoreThanOwed)"));
        assertThat(inTenant(() -> records.get("invoice", invoice)).orElseThrow().values()).containsEntry("paid", new java.math.BigDecimal("100.00"));
    }

    @Test
    void rulesAreCheckedWhenSaved() {
        assertThatThrownBy(() -> inTenant(() -> rules.create("job", new NewValidationRule("bad", "hours <= budgte", "m", null, null))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("input.expression", "UNKNOWN_FIELD", "at 10: 'budgte' is not a field of job")));
        assertThatThrownBy(() -> inTenant(() -> rules.create("job", new NewValidationRule("bad", "hours * 2", "m", "nope", null))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("UNKNOWN_FIELD", "TYPE_MISMATCH"));
        assertThatThrownBy(() -> inTenant(() -> rules.create("job", new NewValidationRule("hoursWithinBudget", "TRUE", "m", null, null))))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(violationCodes(e)).containsExactly("DUPLICATE"));
    }

    @Test
    void anotherTenantsRulesDoNotApply() {
        TenantId other = TenantId.random();
        as(other, () -> metadata.createObject(new NewObject("job", "Job", "Jobs", null), "admin"));
        as(other, () -> metadata.createField("job", new NewField("title", null, null, new FieldType.Text(100), null, null), "admin"));

        assertThat(as(other, () -> records.create("job", Map.of("title", "LOUD"), "bob")).values()).containsEntry("title", "LOUD");
        assertThat(as(other, () -> rules.list("job"))).isEmpty();
    }
}
