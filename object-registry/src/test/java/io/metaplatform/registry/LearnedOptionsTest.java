package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Options learned from synced data: a connector's open multi-select gets an option per new display text. */
class LearnedOptionsTest extends RegistryTestSupport {

    @Test
    void optionValuesAreDerivedStablyFromTheText() {
        assertThat(OptionNames.valueFor("VIP")).isEqualTo("VIP");
        assertThat(OptionNames.valueFor(" Birthday club! ")).isEqualTo("BIRTHDAY_CLUB");
        assertThat(OptionNames.valueFor("Постоянный клиент")).isEqualTo("POSTOYANNYY_KLIENT");
        assertThat(OptionNames.valueFor("2024 cohort")).isEqualTo("O_2024_COHORT");
        assertThat(OptionNames.valueFor("★★★")).matches("O_[0-9A-F]{8}").isEqualTo(OptionNames.valueFor("★★★"))
                .isNotEqualTo(OptionNames.valueFor("☆☆☆"));
        String longer = OptionNames.valueFor("x".repeat(80));
        assertThat(longer).hasSize(50).matches("X{41}_[0-9A-F]{8}");
    }

    @Test
    void newTextsBecomeOptionsOnceAndKnownOnesAreMatchedByLabelOrValue() {
        addField("contact", "tags", new FieldType.MultiSelect(List.of(new SelectOption("regular", "REGULAR", "Stammkunde", 0, null, false))));
        long before = inTenant(() -> metadata.version());

        Map<String, String> first = inTenant(() -> metadata.learnOptions("contact", "tags", List.of("VIP", "Stammkunde", "regular", "VIP"), "sync"));
        long afterFirst = inTenant(() -> metadata.version());
        Map<String, String> again = inTenant(() -> metadata.learnOptions("contact", "tags", List.of("VIP", "Stammkunde"), "sync"));
        long afterAgain = inTenant(() -> metadata.version());
        Map<String, String> more = inTenant(() -> metadata.learnOptions("contact", "tags", List.of("VIP", "Vip!", "Gold"), "sync"));

        assertThat(first).containsOnly(Map.entry("VIP", "VIP"), Map.entry("Stammkunde", "REGULAR"), Map.entry("regular", "REGULAR"));
        assertThat(afterFirst).as("one metadata change for the batch").isEqualTo(before + 1);
        assertThat(again).containsOnly(Map.entry("VIP", "VIP"), Map.entry("Stammkunde", "REGULAR"));
        assertThat(afterAgain).as("nothing new: no change").isEqualTo(afterFirst);
        assertThat(more).as("a text whose derived value an option has is that option").containsEntry("Vip!", "VIP").containsEntry("Gold", "GOLD");
        FieldType.MultiSelect type = (FieldType.MultiSelect) inTenant(() -> metadata.schema()).object("contact").orElseThrow()
                .field("tags").orElseThrow().type();
        assertThat(type.options()).extracting(option -> option.value() + "=" + option.label() + "@" + option.position())
                .containsExactly("REGULAR=Stammkunde@0", "VIP=VIP@1", "GOLD=Gold@2");
        assertThat(inTenant(() -> records.create("contact", Map.of("lastName", "Ivanova", "tags", List.of("VIP", "GOLD")), "sync"))
                .get("tags")).isEqualTo(List.of("VIP", "GOLD"));
    }

    @Test
    void concurrentBatchesAddTheSameTextOnce() {
        addField("contact", "tags", new FieldType.MultiSelect(List.of()));
        List<CompletableFuture<Map<String, String>>> batches = List.of(1, 2, 3).stream().map(i -> CompletableFuture.supplyAsync(() ->
                inTenant(() -> metadata.learnOptions("contact", "tags", List.of("Gold", "Silver"), "sync" + i)))).toList();

        assertThat(batches).allSatisfy(batch -> assertThat(batch.join()).containsEntry("Gold", "GOLD").containsEntry("Silver", "SILVER"));
        FieldType.MultiSelect type = (FieldType.MultiSelect) inTenant(() -> metadata.schema()).object("contact").orElseThrow()
                .field("tags").orElseThrow().type();
        assertThat(type.options()).extracting(SelectOption::value).containsExactly("GOLD", "SILVER");
    }

    @Test
    void aFieldWithoutOptionsLearnsNothing() {
        addField("contact", "note", new FieldType.Text(100));
        assertThatThrownBy(() -> inTenant(() -> metadata.learnOptions("contact", "note", List.of("x"), "sync")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations()).extracting(v -> v.code()).containsExactly("NOT_A_SELECT"));
    }
}
