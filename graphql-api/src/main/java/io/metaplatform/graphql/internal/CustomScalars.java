package io.metaplatform.graphql.internal;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The custom scalars: exact decimals as strings, ISO dates and date-times, and free JSON. */
final class CustomScalars {

    private CustomScalars() {
    }

    static final GraphQLScalarType DECIMAL = GraphQLScalarType.newScalar().name("Decimal")
            .description("An exact decimal number, serialised as a string (\"12.50\"); accepted as a string or a number.")
            .coercing(new Coercing<BigDecimal, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof BigDecimal decimal) {
                        return decimal.toPlainString();
                    }
                    if (value instanceof Number number) {
                        return new BigDecimal(number.toString()).toPlainString();
                    }
                    throw new CoercingSerializeException("not a decimal");
                }

                @Override
                public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return new BigDecimal(input.toString().strip());
                    } catch (NumberFormatException e) {
                        throw new CoercingParseValueException("Decimal expects a number such as \"12.50\"");
                    }
                }

                @Override
                public BigDecimal parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    return switch (input) {
                        case StringValue text -> parseValue(text.getValue(), context, locale);
                        case IntValue whole -> new BigDecimal(whole.getValue());
                        case FloatValue decimal -> decimal.getValue();
                        default -> throw new CoercingParseLiteralException("Decimal expects a string or a number");
                    };
                }
            }).build();

    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar().name("Long").description("A 64-bit whole number.")
            .coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Number number) {
                        return number.longValue();
                    }
                    throw new CoercingSerializeException("not a whole number");
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return input instanceof Number number ? new BigDecimal(number.toString()).longValueExact() : Long.parseLong(input.toString());
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw new CoercingParseValueException("Long expects a 64-bit whole number");
                    }
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof IntValue whole) {
                        try {
                            return whole.getValue().longValueExact();
                        } catch (ArithmeticException e) {
                            throw new CoercingParseLiteralException("Long expects a 64-bit whole number");
                        }
                    }
                    throw new CoercingParseLiteralException("Long expects a whole number");
                }
            }).build();

    static final GraphQLScalarType DATE = GraphQLScalarType.newScalar().name("Date").description("A calendar date, ISO 8601 (2026-11-21).")
            .coercing(new Coercing<LocalDate, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof LocalDate date) {
                        return date.toString();
                    }
                    throw new CoercingSerializeException("not a date");
                }

                @Override
                public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return LocalDate.parse(input.toString());
                    } catch (DateTimeParseException e) {
                        throw new CoercingParseValueException("Date expects YYYY-MM-DD");
                    }
                }

                @Override
                public LocalDate parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof StringValue text) {
                        return parseValue(text.getValue(), context, locale);
                    }
                    throw new CoercingParseLiteralException("Date expects a string");
                }
            }).build();

    static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar().name("DateTime")
            .description("An instant, ISO 8601 with offset (2026-11-21T09:30:00Z); returned in UTC.")
            .coercing(new Coercing<OffsetDateTime, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                    return switch (value) {
                        case OffsetDateTime time -> time.withOffsetSameInstant(ZoneOffset.UTC).toString();
                        case java.time.Instant instant -> instant.atOffset(ZoneOffset.UTC).toString();
                        default -> throw new CoercingSerializeException("not a date-time");
                    };
                }

                @Override
                public OffsetDateTime parseValue(Object input, GraphQLContext context, Locale locale) {
                    try {
                        return OffsetDateTime.parse(input.toString());
                    } catch (DateTimeParseException e) {
                        throw new CoercingParseValueException("DateTime expects ISO 8601 with an offset, such as 2026-11-21T09:30:00Z");
                    }
                }

                @Override
                public OffsetDateTime parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof StringValue text) {
                        return parseValue(text.getValue(), context, locale);
                    }
                    throw new CoercingParseLiteralException("DateTime expects a string");
                }
            }).build();

    static final GraphQLScalarType JSON = GraphQLScalarType.newScalar().name("JSON").description("Any JSON value.")
            .coercing(new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                    return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    return input;
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    return literal(input);
                }
            }).build();

    private static Object literal(Value<?> input) {
        return switch (input) {
            case NullValue ignored -> null;
            case StringValue text -> text.getValue();
            case BooleanValue bool -> bool.isValue();
            case IntValue whole -> whole.getValue();
            case FloatValue decimal -> decimal.getValue();
            case ArrayValue array -> {
                List<Object> values = new ArrayList<>();
                array.getValues().forEach(value -> values.add(literal(value)));
                yield values;
            }
            case ObjectValue object -> {
                Map<String, Object> values = new LinkedHashMap<>();
                object.getObjectFields().forEach(field -> values.put(field.getName(), literal(field.getValue())));
                yield values;
            }
            default -> throw new CoercingParseLiteralException("JSON does not take variables inside literals");
        };
    }
}
