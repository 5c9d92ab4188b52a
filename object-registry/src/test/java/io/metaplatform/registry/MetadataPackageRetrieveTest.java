package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.registry.packages.MetadataPackages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MetadataPackageRetrieveTest extends RegistryTestSupport {

    @Autowired
    MetadataPackages packages;
    @Autowired
    ValidationRuleService rules;

    private void customise() {
        run(() -> {
            metadata.createObject(new NewObject("studioBooking", "Studio booking", null, null), "admin");
            metadata.createField("studioBooking", new NewField("room", "Room", null, new FieldType.Text(40),
                    Constraints.NONE.withRequired(true).withLength(2, 40), null), "admin");
            metadata.createField("company", new NewField("tier", "Tier", null, new FieldType.Select(List.of(
                    new SelectOption("gold", "GOLD", "Gold", 0, null, false))), Constraints.NONE, null), "admin");
            metadata.createField("company", new NewField("score", "Score", null, new FieldType.Int(),
                    Constraints.NONE.withRange(BigDecimal.ZERO, BigDecimal.TEN), null), "admin");
            metadata.updateObject("company", new ObjectChange(null, "Firm", "Firms", null), null, "admin");
            rules.create("company", new NewValidationRule("scorePositive", "score >= 0", "Score must not be negative", "score", true));
        });
    }

    @Test
    void holdsCustomObjectsFieldsBuiltInEditsAndRulesByApiName() {
        customise();

        ObjectNode document = inTenant(() -> packages.retrieve());

        assertThat(document.get("packageVersion").asString()).isEqualTo(MetadataPackages.PACKAGE_VERSION);
        assertThat(document.has("platformVersion")).isTrue();
        JsonNode booking = document.at("/objects/studioBooking");
        assertThat(booking.get("builtIn").booleanValue()).isFalse();
        assertThat(booking.at("/fields/room/type/kind").asString()).isEqualTo("TEXT");
        assertThat(booking.at("/fields/room/constraints/required").booleanValue()).isTrue();
        assertThat(booking.at("/fields/room/constraints/unique").isMissingNode()).as("defaults are left out").isTrue();
        JsonNode company = document.at("/objects/company");
        assertThat(company.get("labelSingular").asString()).isEqualTo("Firm");
        assertThat(names(company.get("fields"))).containsExactly("score", "tier");
        assertThat(company.at("/fields/tier/type/options/0/id").asString()).isEqualTo("gold");
        assertThat(document.at("/objects/contact").isMissingNode()).as("untouched built-in objects stay out").isTrue();
        assertThat(document.at("/validationRules/company/scorePositive/expression").asString()).isEqualTo("score >= 0");
        assertThat(document.toString()).doesNotContain("f_").doesNotContain("\"id\":\"" + tenant.value());
    }

    @Test
    void isStableAndSortedAndSeesNoOtherTenant() {
        customise();

        ObjectNode first = inTenant(() -> packages.retrieve());
        ObjectNode again = inTenant(() -> packages.retrieve());
        ObjectNode other = as(TenantId.random(), () -> packages.retrieve());

        assertThat(again.toString()).isEqualTo(first.toString());
        List<String> objects = names(first.get("objects"));
        assertThat(objects).isSorted();
        assertThat(names(other.get("objects"))).isEmpty();
        assertThat(names(other.get("validationRules"))).isEmpty();
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
