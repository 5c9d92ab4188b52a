package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.JsonValue.JsonArray;
import io.metaplatform.plugins.api.JsonValue.JsonNull;
import io.metaplatform.plugins.api.JsonValue.JsonNumber;
import io.metaplatform.plugins.api.JsonValue.JsonObject;
import io.metaplatform.plugins.api.JsonValue.JsonString;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesEveryKindAndKeepsKeyOrder() {
        var value = Json.parse(" {\"z\":1, \"a\":[true,false,null], \"s\":\"x\\u00e9\\n\\\"\", \"n\":-12.50e1} ");

        assertThat(value.members().keySet()).containsExactly("z", "a", "s", "n");
        assertThat(value.get("a").items()).containsExactly(JsonValue.JsonBoolean.TRUE, JsonValue.JsonBoolean.FALSE, JsonNull.INSTANCE);
        assertThat(value.get("s").string()).contains("xé\n\"");
        assertThat(value.get("n").decimal()).contains(new BigDecimal("-125.0"));
    }

    @Test
    void keepsNumbersExact() {
        var value = Json.parse("[0.1, 12345678901234567890123, 1e-3]");

        assertThat(value.get(0).decimal()).contains(new BigDecimal("0.1"));
        assertThat(value.get(1).text()).contains("12345678901234567890123");
        assertThat(value.get(2).decimal()).contains(new BigDecimal("0.001"));
        assertThat(new JsonNumber(new BigDecimal("1.0"))).isEqualTo(JsonNumber.of(1));
    }

    @Test
    void writesWhatItParses() {
        var text = "{\"id\":\"4815162342\",\"amount\":\"1000.00\",\"n\":1000.00,\"list\":[1,{\"k\":null}],\"t\":\"a\\\"b\\\\c\\u0001\"}";

        var value = Json.parse(text);

        assertThat(value.toJson()).isEqualTo(text);
        assertThat(Json.parse(value.toJson())).isEqualTo(value);
    }

    @Test
    void turnsPlainJavaIntoJson() {
        var map = new LinkedHashMap<String, Object>();
        map.put("b", 2L);
        map.put("a", List.of("x", LocalDate.of(2026, 1, 2)));
        map.put("c", null);
        map.put("d", new BigDecimal("10.50"));

        assertThat(Json.write(map)).isEqualTo("{\"b\":2,\"a\":[\"x\",\"2026-01-02\"],\"c\":null,\"d\":10.50}");
        assertThat(Json.from(map).toJava()).isEqualTo(Map.of("b", BigDecimal.valueOf(2), "a", List.of("x", "2026-01-02"),
                "d", new BigDecimal("10.50"), "c", "placeholder").entrySet().stream()
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getKey().equals("c") ? null : e.getValue()), Map::putAll));
        assertThatThrownBy(() -> Json.from(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.from(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toJavaGivesMutableOrderedCopies() {
        @SuppressWarnings("unchecked")
        var java = (Map<String, Object>) Json.parse("{\"b\":[1],\"a\":\"x\"}").toJava();

        assertThat(java).isInstanceOf(LinkedHashMap.class);
        assertThat(java.keySet()).containsExactly("b", "a");
        assertThat(java.get("b")).isInstanceOf(ArrayList.class);
        java.put("c", 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1,}|1|8|expected a string key",
            "[1,2|1|5|expected ',' or ']'",
            "{\"a\" 1}|1|6|expected ':'",
            "01|1|2|leading zero",
            "[1.]|1|4|digit after the decimal point",
            "tru|1|1|expected a value",
            "\"abc|1|5|unterminated string",
            "{\"a\":1} x|1|9|unexpected text after the value",
            "\"\\x\"|1|3|invalid escape",
            "\"\\u12g4\"|1|6|invalid unicode escape",
            "''|1|1|expected a value",
            "{\"a\":1,\"a\":2}|1|8|duplicate key",
            "// c|1|1|unexpected character '/'",
            "NaN|1|1|unexpected character 'N'",
    })
    void refusesMalformedTextSayingWhere(String text, int line, int column, String problem) {
        var input = text.equals("''") ? "" : text;

        assertThatThrownBy(() -> Json.parse(input))
                .isInstanceOfSatisfying(JsonException.class, e -> assertThat(e.offset()).isEqualTo(column - 1))
                .hasMessageContaining("line " + line + ", column " + column)
                .hasMessageContaining(problem);
    }

    @Test
    void countsLinesInErrors() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1\n  \"b\": 2\n}"))
                .hasMessageStartingWith("malformed JSON at line 3, column 3 (offset 13): expected ',' or '}'");
    }

    @Test
    void refusesControlCharactersAndDeepNesting() {
        assertThatThrownBy(() -> Json.parse("\"a\tb\"")).hasMessageContaining("control character U+0009");
        assertThatThrownBy(() -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)))
                .hasMessageContaining("nested deeper than 512");
        assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isInstanceOf(JsonArray.class);
    }

    @Test
    void lenientAccessorsReadTheShapesApisVaryOn() {
        var value = Json.parse("""
                {"id":"1050","n":66,"f":66.0,"phone":79112345678,"amount":"1000.00","blank":"",
                 "meta":[],"flag":1,"text":"true","obj":{"k":"v"}}""");

        assertThat(value.get("id").id()).contains("1050");
        assertThat(value.get("n").id()).contains("66");
        assertThat(value.get("f").id()).contains("66");
        assertThat(value.get("phone").text()).contains("79112345678");
        assertThat(value.get("amount").decimal()).contains(new BigDecimal("1000.00"));
        assertThat(value.get("id").integer()).contains(1050L);
        assertThat(value.get("blank").text()).isEmpty();
        assertThat(value.get("blank").decimal()).isEmpty();
        assertThat(value.get("meta").members()).isEmpty();
        assertThat(value.get("meta").get("total_count").isNull()).isTrue();
        assertThat(value.get("missing").get("deeper").id()).isEmpty();
        assertThat(value.get("flag").bool()).contains(true);
        assertThat(value.get("text").bool()).contains(true);
        assertThat(value.at("obj.k").text()).contains("v");
        assertThatThrownBy(() -> value.get("obj").decimal()).isInstanceOf(JsonException.class).hasMessageContaining("found object");
        assertThatThrownBy(() -> new JsonString("abc").decimal()).hasMessageContaining("\"abc\"");
        assertThatThrownBy(() -> Json.parse("1.5").integer()).hasMessageContaining("whole number");
    }

    @Test
    void buildsObjectsInOrder() {
        var object = JsonObject.builder().put("name", "Anna").putIfPresent("email", null).put("visits", 3).build();

        assertThat(object.toJson()).isEqualTo("{\"name\":\"Anna\",\"visits\":3}");
    }

    @Test
    void responsesThatAreNotJsonFailOnlyWhenSuccessful() {
        var headers = HttpHeaders.of(Map.of(), (a, b) -> true);

        assertThat(ConnectorHttp.JsonResponse.of(502, headers, "<html>bad gateway</html>").body()).isEqualTo(JsonNull.INSTANCE);
        assertThat(ConnectorHttp.JsonResponse.of(204, headers, "").body()).isEqualTo(JsonNull.INSTANCE);
        assertThatThrownBy(() -> ConnectorHttp.JsonResponse.of(200, headers, "<html>"))
                .isInstanceOf(JsonException.class).hasMessageContaining("HTTP 200").hasMessageContaining("column 1");
    }
}
