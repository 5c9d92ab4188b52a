package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Violation;
import io.metaplatform.registry.packages.MetadataPackages;
import io.metaplatform.registry.packages.PackageSchema;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class PackageSchemaTest extends RegistryTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MetadataPackages packages;

    @Test
    void aRetrievedPackageIsValid() {
        run(() -> {
            metadata.createObject(new NewObject("studioBooking", "Studio booking", null, null), "admin");
            metadata.createField("studioBooking", new NewField("room", "Room", null, new FieldType.Text(40),
                    Constraints.NONE.withRequired(true).withRange(null, BigDecimal.TEN), null), "admin");
            metadata.createField("company", new NewField("tier", "Tier", null, new FieldType.Select(List.of(
                    new SelectOption("gold", "GOLD", "Gold", 0, null, false))), Constraints.NONE, null), "admin");
        });

        assertThat(PackageSchema.violations(inTenant(() -> packages.retrieve()))).isEmpty();
    }

    @Test
    void reportsEveryViolationWithItsPointer() {
        String bad = """
                {"packageVersion": "9", "surprise": 1,
                 "objects": {"Bad Name": {"builtIn": true},
                             "studioBooking": {"builtIn": false, "labelSingular": "", "fields": {
                                 "room": {"type": {"kind": "TEXTY"}, "constraints": {"required": "yes"}}}}}}
                """;

        List<Violation> violations = PackageSchema.violations(JSON.readTree(bad));

        assertThat(violations).extracting(Violation::field).contains("/packageVersion", "/objects/studioBooking/labelSingular",
                "/objects/studioBooking/fields/room/label", "/objects/studioBooking/fields/room/type/kind",
                "/objects/studioBooking/fields/room/constraints/required", "/surprise");
        assertThat(violations).extracting(Violation::code).allMatch(code -> code.startsWith("SCHEMA_"));
        assertThat(violations).extracting(Violation::field).isSorted();
    }
}
