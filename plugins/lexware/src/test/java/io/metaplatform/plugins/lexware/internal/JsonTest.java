package io.metaplatform.plugins.lexware.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNumbersAsExactDecimals() {
        var parsed = Values.object(Json.parse("{\"net\":13.4,\"gross\":0.1,\"big\":12345678901234567890.123456789,\"exp\":1.5e3}"));

        assertThat(parsed.get("net")).isEqualTo(new BigDecimal("13.4"));
        assertThat(parsed.get("gross")).isEqualTo(new BigDecimal("0.1"));
        assertThat(parsed.get("big")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(((BigDecimal) parsed.get("exp")).compareTo(new BigDecimal("1500"))).isZero();
    }

    @Test
    void keepsKeyOrderAndNullsAndNesting() {
        var parsed = Json.parse(" { \"b\" : [1, true, null, {\"x\": []}], \"a\": {}, \"c\": false } ");

        assertThat(Values.object(parsed)).containsKeys("b", "a", "c");
        assertThat(List.copyOf(Values.object(parsed).keySet())).containsExactly("b", "a", "c");
        assertThat(Values.list(Values.object(parsed).get("b")))
                .containsExactly(BigDecimal.ONE, true, null, Map.of("x", List.of()));
    }

    @Test
    void decodesEscapesAndUnicode() {
        var parsed = Json.parse("\"Stra\\u00dfe \\\"5\\\"\\n\\t\\\\ \\/ M\u00fcller \\ud83d\\ude00\"");

        assertThat(parsed).isEqualTo("Straße \"5\"\n\t\\ / Müller 😀");
    }

    @Test
    void writesWhatItReadsUnchanged() {
        var value = new LinkedHashMap<String, Object>();
        value.put("name", "Müller & Söhne \"GmbH\"\n\u0001");
        value.put("amount", new BigDecimal("119.00"));
        value.put("count", 3);
        value.put("big", 12_345_678_901L);
        value.put("flags", Arrays.asList(true, false, null));
        value.put("nested", Map.of("empty", List.of()));

        var text = Json.write(value);

        assertThat(text).contains("\"amount\":119.00").contains("\\u0001").contains("\\\"GmbH\\\"");
        var back = Values.object(Json.parse(text));
        assertThat(back.get("name")).isEqualTo(value.get("name"));
        assertThat(back.get("amount")).isEqualTo(new BigDecimal("119.00"));
        assertThat(back.get("big")).isEqualTo(new BigDecimal("12345678901"));
        assertThat(back.get("flags")).isEqualTo(Arrays.asList(true, false, null));
    }

    @Test
    void writesDecimalsInPlainNotation() {
        assertThat(Json.write(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    @Test
    void rejectsMalformedInputWithItsOffset() {
        for (var bad : List.of("", "{", "{\"a\" 1}", "[1,]", "\"open", "tru", "{\"a\":1} x", "01x", "-", "\"\\x\"",
                "{1:2}", "\"a\u0001\"", "[1 2]")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed JSON at offset");
        }
    }

    @Test
    void refusesToWriteTypesJsonDoesNotHave() {
        assertThatThrownBy(() -> Json.write(Map.of("when", java.time.LocalDate.of(2024, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void amountsAreReadExactlyFromNumbersAndStrings() {
        assertThat(Values.decimal(new BigDecimal("119.00"))).isEqualTo(new BigDecimal("119.00"));
        assertThat(Values.decimal(" 119.00 ")).isEqualTo(new BigDecimal("119.00"));
        assertThat(Values.decimal("0.10")).isEqualByComparingTo("0.1");
        assertThat(Values.decimal("")).isNull();
        assertThat(Values.decimal(null)).isNull();
        assertThatThrownBy(() -> Values.decimal("12,50")).isInstanceOf(IllegalArgumentException.class);
    }
}
