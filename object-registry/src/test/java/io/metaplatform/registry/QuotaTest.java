package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = {"platform.registry.quotas.fields-per-object=3", "platform.registry.quotas.unique-fields-per-object=1",
        "platform.registry.quotas.custom-objects=1"})
class QuotaTest extends RegistryTestSupport {

    @Test
    void fieldsPerObjectIncludeDeletedButUnpurgedFields() {
        addField("company", "a", new FieldType.Text(10));
        addField("company", "b", new FieldType.Text(10));
        addField("company", "c", new FieldType.Text(10));
        run(() -> metadata.deleteField("company", "c", null, "admin"));

        assertThatThrownBy(() -> addField("company", "d", new FieldType.Text(10)))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("3 custom fields");
                });
    }

    @Test
    void uniqueFieldsAndCustomObjectsAreLimited() {
        addField("company", "code", new FieldType.Text(10), Constraints.NONE.withUnique(true));
        run(() -> metadata.createObject(new NewObject("asset", null, null, null), "admin"));

        assertThatThrownBy(() -> addField("company", "code2", new FieldType.Text(10), Constraints.NONE.withUnique(true)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThatThrownBy(() -> inTenant(() -> metadata.createObject(new NewObject("other", null, null, null), "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }
}
