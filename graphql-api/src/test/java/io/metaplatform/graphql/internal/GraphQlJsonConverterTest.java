package io.metaplatform.graphql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** GraphQL responses are written as Jackson writes them, byte for byte (issue 20). */
class GraphQlJsonConverterTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final GraphQlJsonConverter converter = new GraphQlJsonConverter(mapper);

    @Test
    void responsesAreTheTextJacksonWrites() throws java.io.IOException {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", UUID.fromString("7f0e4a5e-3a5b-4c1e-9d2f-0a1b2c3d4e5f").toString());
        node.put("name", "M\u00fcller \"&\" Co\n\t\u0001 \u2028 \ud83d\ude00 </script>");
        node.put("amount", new BigDecimal("1E+3"));
        node.put("small", new BigDecimal("0.000000123"));
        node.put("count", 42);
        node.put("big", Long.MAX_VALUE);
        node.put("ratio", 0.1 + 0.2);
        node.put("flag", true);
        node.put("missing", null);
        node.put("tags", Arrays.asList("a", null, "c"));
        node.put("when", OffsetDateTime.parse("2026-12-05T10:15:30+01:00"));
        node.put("json", mapper.readTree("{\"k\":[1,2.5,\"x\"]}"));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "bad");
        error.put("locations", List.of(Map.of("line", 1, "column", 3)));
        error.put("extensions", Map.of("code", "VALIDATION_FAILED"));
        List<Object> edges = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            edges.add(Map.of("node", node));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", Map.of("companies", Map.of("edges", edges, "pageInfo", Map.of("hasNextPage", false))));
        response.put("errors", List.of(error));

        assertThat(written(response)).isEqualTo(mapper.writeValueAsString(response));
        assertThat(written(Map.of())).isEqualTo("{}");
    }

    private String written(Map<String, Object> response) throws java.io.IOException {
        org.springframework.mock.http.MockHttpOutputMessage message = new org.springframework.mock.http.MockHttpOutputMessage();
        converter.write(response, org.springframework.http.MediaType.APPLICATION_JSON, message);
        return message.getBodyAsString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
