package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.packages.DeployPlan;
import io.metaplatform.registry.packages.DeployStep;
import io.metaplatform.registry.packages.MetadataPackages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Plans and deploys of metadata packages: matched by API name, all or nothing, one version, destructive only on request. */
class MetadataPackageDeployTest extends RegistryTestSupport {

    @Autowired
    MetadataPackages packages;
    @Autowired
    ValidationRuleService rules;
    @Autowired
    LayoutService layouts;
    @Autowired
    RoleService roleService;

    private void customise(TenantId who) {
        as(who, () -> {
            metadata.createObject(new NewObject("studioBooking", "Studio booking", "Studio bookings", null), "admin");
            metadata.createField("studioBooking", new NewField("room", "Room", null, new FieldType.Text(40),
                    Constraints.NONE.withRequired(true).withLength(2, 40), null), "admin");
            metadata.createField("company", new NewField("tier", "Tier", null, new FieldType.Select(List.of(
                    new SelectOption("gold", "GOLD", "Gold", 0, null, false), new SelectOption("silver", "SILVER", "Silver", 1, null, false))),
                    Constraints.NONE, null), "admin");
            metadata.createField("company", new NewField("score", "Score", null, new FieldType.Int(),
                    Constraints.NONE.withRange(BigDecimal.ZERO, BigDecimal.TEN), null), "admin");
            metadata.updateObject("company", new ObjectChange(null, "Firm", "Firms", null), null, "admin");
            rules.create("company", new NewValidationRule("scorePositive", "score >= 0", "Score must not be negative", "score", true));
            layouts.define(new Layout("studioBooking", "all", "All bookings", true, new Layout.ListView(
                    List.of(new Layout.Column("room", null, null)), List.of(new Layout.Sort("room", false)), List.of(), 25)), "admin");
            roleService.saveRole(new TenantRole("bookingClerks", "Take bookings", false, List.of(new TenantRole.ObjectGrant("studioBooking",
                    java.util.EnumSet.of(RecordPolicy.Operation.READ, RecordPolicy.Operation.CREATE), TenantRole.FieldScope.LISTED,
                    Map.of("room", true), null, null))), "admin");
            return null;
        });
    }

    private ObjectNode retrieve(TenantId who) {
        ObjectNode document = as(who, () -> packages.retrieve());
        document.remove("platformVersion");
        return document;
    }

    @Test
    void anOptionLeftOutOfThePackageIsRetiredAndItsStoredValuesStayReadable() {
        customise(tenant);
        java.util.UUID acme = inTenant(() -> records.create("company", Map.of("name", "Acme", "tier", "SILVER"), "admin").id());
        ObjectNode document = retrieve(tenant);
        ((tools.jackson.databind.node.ArrayNode) document.at("/objects/company/fields/tier/type/options")).remove(1);

        DeployPlan plan = inTenant(() -> packages.plan(document));

        assertThat(plan.problems()).isEmpty();
        assertThat(steps(plan)).containsExactly("RETIRE company.tier");
        inTenant(() -> packages.deploy(document, false));
        FieldType.Select tier = (FieldType.Select) inTenant(() -> metadata.schema().object("company").orElseThrow().field("tier")
                .orElseThrow().type());
        assertThat(tier.options()).extracting(SelectOption::value, SelectOption::retired)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GOLD", false), org.assertj.core.groups.Tuple.tuple("SILVER", true));
        assertThat(inTenant(() -> records.get("company", acme)).orElseThrow().values().get("tier")).isEqualTo("SILVER");
        assertThat(inTenant(() -> packages.plan(document)).steps()).as("deploying it again changes nothing").isEmpty();
    }

    private static List<String> steps(DeployPlan plan) {
        List<String> steps = new ArrayList<>();
        plan.steps().forEach(step -> steps.add(step.action() + " " + step.target() + (step.destructive() ? " destructive " + step.records() : "")));
        return steps;
    }

    @Test
    void aRetrievedPackageDeployedIntoAnEmptyTenantRetrievesTheSameAndASecondDeployChangesNothing() {
        TenantId staging = TenantId.random();
        customise(staging);
        ObjectNode document = as(staging, () -> packages.retrieve());

        DeployPlan plan = inTenant(() -> packages.plan(document));
        assertThat(plan.problems()).isEmpty();
        assertThat(steps(plan)).containsExactly("UPDATE company", "CREATE company.score", "CREATE company.tier", "CREATE studioBooking",
                "CREATE studioBooking.room", "CREATE company.scorePositive", "CREATE studioBooking/LIST/all", "CREATE bookingClerks");
        long before = inTenant(() -> metadata.version());
        MetadataPackages.DeployResult result = inTenant(() -> packages.deploy(document, false));

        assertThat(result.applied()).isTrue();
        assertThat(result.metadataVersion()).as("one version for the whole deploy").isEqualTo(before + 1);
        assertThat(retrieve(tenant)).isEqualTo(retrieve(staging));
        assertThat(inTenant(() -> packages.plan(document)).steps()).isEmpty();
        MetadataPackages.DeployResult again = inTenant(() -> packages.deploy(document, false));
        assertThat(again.applied()).isFalse();
        assertThat(again.metadataVersion()).isEqualTo(result.metadataVersion());
    }

    @Test
    void planShowsEveryKindOfChangeAndDestructiveStepsNeedTheFlag() {
        customise(tenant);
        run(() -> {
            metadata.createField("company", new NewField("legacyCode", "Legacy", null, new FieldType.Text(20), Constraints.NONE, null), "admin");
            return;
        });
        inTenant(() -> records.create("company", Map.of("name", "Acme", "legacyCode", "A-1"), "admin"));
        ObjectNode document = retrieve(tenant);
        ObjectNode company = (ObjectNode) document.at("/objects/company/fields");
        company.remove("legacyCode");
        ObjectNode tier = (ObjectNode) company.get("tier");
        tier.put("label", "Customer tier");
        ((ObjectNode) tier.at("/type/options/1")).put("retired", true);
        ObjectNode score = (ObjectNode) company.remove("score");
        score.put("renamedFrom", "score");
        company.set("rating", score);
        ((ObjectNode) document.at("/objects/studioBooking/fields/room/type")).put("maxLength", 80);
        ((ObjectNode) document.at("/objects/studioBooking/fields/room/constraints")).put("maxLength", 80);
        ((ObjectNode) document.at("/validationRules/company/scorePositive")).put("expression", "rating >= 0").put("field", "rating");

        DeployPlan plan = inTenant(() -> packages.plan(document));

        assertThat(plan.problems()).isEmpty();
        assertThat(steps(plan)).containsExactly("RETIRE company.tier", "RENAME company.rating", "DELETE company.legacyCode destructive 1",
                "UPDATE studioBooking.room", "UPDATE company.scorePositive");
        assertThat(plan.destructive()).isTrue();
        PlatformException refused = catchThrowableOfType(PlatformException.class, () -> inTenant(() -> packages.deploy(document, false)));
        assertThat(refused.violations()).extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/objects/company/fields/legacyCode", "DESTRUCTIVE_CHANGE"));
        assertThat(inTenant(() -> metadata.schema().object("company").orElseThrow().field("legacyCode"))).isPresent();

        inTenant(() -> packages.deploy(document, true));

        ObjectDefinition after = inTenant(() -> metadata.schema().object("company").orElseThrow());
        assertThat(after.field("legacyCode")).isEmpty();
        assertThat(after.field("score")).isEmpty();
        assertThat(after.field("rating")).isPresent();
        assertThat(after.field("tier").orElseThrow().label()).isEqualTo("Customer tier");
        assertThat(retrieve(tenant)).isEqualTo(without(document, "renamedFrom"));
    }

    @Test
    void unsafeTypeChangesAndClashesAreAllReportedAndAFailingDeployChangesNothing() {
        customise(tenant);
        inTenant(() -> records.create("company", Map.of("name", "Acme", "tier", "GOLD"), "admin"));
        ObjectNode document = retrieve(tenant);
        ((ObjectNode) document.at("/objects/company/fields/tier")).set("type", document.objectNode().put("kind", "INTEGER"));
        ((ObjectNode) document.at("/objects/company/fields")).set("name", document.at("/objects/company/fields/score").deepCopy());
        ((ObjectNode) document.at("/objects/studioBooking/fields")).set("guests", document.objectNode().put("label", "Guests")
                .set("type", document.objectNode().put("kind", "INTEGER")));
        long before = inTenant(() -> metadata.version());

        DeployPlan plan = inTenant(() -> packages.plan(document));

        assertThat(plan.problems()).extracting(Violation::field).anyMatch(field -> field.startsWith("/objects/company/fields/tier"))
                .contains("/objects/company/fields/name");
        assertThat(catchThrowableOfType(PlatformException.class, () -> inTenant(() -> packages.deploy(document, true))).code().name())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(inTenant(() -> metadata.version())).as("a plan's dry run and a refused deploy leave no version").isEqualTo(before);
        assertThat(inTenant(() -> metadata.schema().object("studioBooking").orElseThrow().field("guests"))).isEmpty();
    }

    @Test
    void schemaViolationsAreReportedWithTheirPointersBeforeAnythingElse() {
        ObjectNode document = retrieve(tenant);
        document.set("objects", document.objectNode().set("desk", document.objectNode().put("builtIn", false).put("labelSingular", "Desk")
                .set("fields", document.objectNode().set("size", document.objectNode().put("label", "Size")
                        .set("type", document.objectNode().put("kind", "HUGE"))))));

        DeployPlan plan = inTenant(() -> packages.plan(document));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.problems()).extracting(Violation::field).contains("/objects/desk/fields/size/type/kind");
        assertThat(plan.problems()).allMatch(problem -> problem.code().startsWith("SCHEMA_"));
    }

    @Test
    void concurrentDeploysOfOnePackageToOneTenantSerialiseAndApplyOnce() throws Exception {
        TenantId staging = TenantId.random();
        customise(staging);
        ObjectNode document = as(staging, () -> packages.retrieve());

        CompletableFuture<MetadataPackages.DeployResult> first = CompletableFuture.supplyAsync(() -> inTenant(() -> packages.deploy(document, false)));
        CompletableFuture<MetadataPackages.DeployResult> second = CompletableFuture.supplyAsync(() -> inTenant(() -> packages.deploy(document, false)));
        List<MetadataPackages.DeployResult> results = List.of(first.get(), second.get());

        assertThat(results).filteredOn(MetadataPackages.DeployResult::applied).hasSizeLessThanOrEqualTo(2).isNotEmpty();
        assertThat(retrieve(tenant)).isEqualTo(retrieve(staging));
        assertThat(inTenant(() -> metadata.schema().object("company").orElseThrow().fields().stream()
                .filter(field -> field.apiName().value().equals("tier")).count())).isEqualTo(1);
    }

    @Test
    void aDeployToOneTenantLeavesAnotherUntouched() {
        TenantId other = TenantId.random();
        customise(other);
        ObjectNode othersBefore = retrieve(other);
        ObjectNode empty = retrieve(tenant);
        customise(tenant);

        inTenant(() -> packages.deploy(empty, true));

        assertThat(retrieve(other)).isEqualTo(othersBefore);
        assertThat(retrieve(tenant)).isEqualTo(empty);
    }

    private static JsonNode without(JsonNode node, String property) {
        JsonNode copy = node.deepCopy();
        strip(copy, property);
        return copy;
    }

    private static void strip(JsonNode node, String property) {
        if (node instanceof ObjectNode object) {
            object.remove(property);
        }
        node.forEach(child -> strip(child, property));
    }
}
