package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedPackageTest {

    private static final ManagedObject VISIT = new ManagedObject("ycVisit", "Visit", "Visits", null);

    @Test
    void objectsAndFieldsOnOtherObjectsCarryTheNamespace() {
        assertThatThrownBy(() -> new ManagedPackage("yc", 1, List.of(new ManagedObject("visit", "Visit", "Visits", "")), List.of()))
                .hasMessageContaining("object visit").hasMessageContaining("yc<Name>");
        assertThatThrownBy(() -> new ManagedPackage("yc", 1, List.of(), List.of(ManagedField.of("contact", "clientId", "Id",
                new ManagedFieldType.Text(40))))).hasMessageContaining("contact.clientId");
        assertThatThrownBy(() -> new ManagedPackage("yc", 1, List.of(), List.of(ManagedField.of("contact", "ycclientId", "Id",
                new ManagedFieldType.Text(40))))).hasMessageContaining("yc<Name>");

        var valid = new ManagedPackage("yc", 1, List.of(VISIT), List.of(ManagedField.of("ycVisit", "start", "Start",
                new ManagedFieldType.DateTime()), ManagedField.of("contact", "ycClientId", "Id", new ManagedFieldType.Text(40))));

        assertThat(valid.ownsObject("ycVisit")).isTrue();
        assertThat(valid.ownsObject("contact")).isFalse();
    }

    @Test
    void refusesDuplicatesAndAnInverseThatCollidesWithAFieldOfThePackage() {
        assertThatThrownBy(() -> new ManagedPackage("yc", 1, List.of(VISIT, VISIT), List.of())).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> new ManagedPackage("yc", 1, List.of(VISIT), List.of(
                ManagedField.of("ycVisit", "client", "Client", new ManagedFieldType.Relation("contact", "ycVisits", "Visits")),
                ManagedField.of("contact", "ycVisits", "Visit count", new ManagedFieldType.Int()))))
                .hasMessageContaining("inverse ycVisits");
        assertThatThrownBy(() -> new ManagedPackage("Y", 1, List.of(), List.of())).hasMessageContaining("namespace");
        assertThatThrownBy(() -> new ManagedPackage("yc", 0, List.of(), List.of())).hasMessageContaining("version");
        assertThatThrownBy(() -> new ManagedFieldType.Select(List.of("came"))).hasMessageContaining("upper snake case");
    }
}
