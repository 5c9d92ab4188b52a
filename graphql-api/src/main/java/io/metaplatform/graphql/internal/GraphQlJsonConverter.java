package io.metaplatform.graphql.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.StreamUtils;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a GraphQL response (maps, lists, strings, numbers, booleans, nulls) by walking it onto the mapper's own
 * streaming generator, so the text is Jackson's byte for byte; any other value is handed to the mapper. Databind's map
 * serializer looked up a serializer for each value of each map, most of Jackson's 14 % of the CPU of a page of companies
 * with their contacts (issue 20). Reading requests stays Jackson's.
 */
final class GraphQlJsonConverter extends JacksonJsonHttpMessageConverter {

    GraphQlJsonConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage output, Map<String, Object> hints)
            throws IOException, HttpMessageNotWritableException {
        if (!(object instanceof Map<?, ?> response)) {
            super.writeInternal(object, type, output, hints);
            return;
        }
        try (JsonGenerator generator = defaultMapper.createGenerator(StreamUtils.nonClosing(output.getBody()), JsonEncoding.UTF8)) {
            write(defaultMapper, generator, response);
        }
    }

    // An instanceof chain, most frequent types first: a pattern switch over types cost more than the writing.
    static void write(JsonMapper mapper, JsonGenerator generator, Object value) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeName(String.valueOf(entry.getKey()));
                write(mapper, generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(mapper, generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else {
            mapper.writeValue(generator, value);
        }
    }
}
