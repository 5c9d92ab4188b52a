package io.metaplatform.bench;

import io.metaplatform.registry.FieldType;
import io.metaplatform.registry.SelectOption;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data of the benchmark: the built-in {@code company} object with 20 custom fields, five of which hold
 * the same values as built-in columns ({@code city}, {@code zip}, {@code name}, {@code status},
 * {@code country}), so a query on a column and the same query on its jsonb twin read the same rows. Records
 * of the tenant under test come from {@link #next(Random)}; the other tenants' records from the same
 * distributions in SQL ({@link #fillerInsert}).
 */
final class CompanyData {

    static final String OBJECT = "company";

    static final List<String> CITIES = List.of("Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart", "Dusseldorf",
            "Leipzig", "Dortmund", "Essen", "Bremen", "Dresden", "Hanover", "Nuremberg", "Duisburg", "Bochum", "Wuppertal",
            "Bielefeld", "Bonn", "Munster");
    static final List<String> COUNTRIES = List.of("DE", "AT", "CH", "NL", "BE", "FR", "PL", "DK");
    static final List<String> STATUSES = List.of("lead", "active", "inactive", "blocked");
    private static final List<String> SEGMENTS = List.of("smb", "mid", "enterprise", "public");
    private static final List<String> SOURCES = List.of("web", "referral", "fair", "cold_call", "partner");
    private static final List<String> INDUSTRIES = List.of("Retail", "Wholesale", "Construction", "Software", "Consulting",
            "Logistics", "Healthcare", "Education", "Manufacturing", "Hospitality", "Finance", "Energy");
    private static final List<String> REGIONS = List.of("North", "South", "East", "West", "Central", "Abroad");
    private static final LocalDate FOUNDED_FROM = LocalDate.of(1950, 1, 1);
    private static final Instant CONTACT_FROM = Instant.parse("2024-01-01T00:00:00Z");

    /** A generated record's built-in values, which the custom fields draw on. */
    record Base(Random random, String name, String city, String zip, String status, String country) {
    }

    /**
     * A custom field: its type, its value in API form for a generated record, and the SQL expression of the
     * same distribution over the filler's row {@code v} (columns name, city, zip, status, country).
     */
    record CustomField(String apiName, FieldType type, Function<Base, Object> value, String sql) {
    }

    /** The custom fields the benchmark indexes: the five copies the query shapes use, two numbers, a decimal, two dates. */
    static final java.util.Set<String> INDEXED = java.util.Set.of("cityCopy", "zipCopy", "nameCopy", "statusCopy", "countryCopy",
            "employees", "revenue", "creditLimit", "foundedOn", "lastContactAt");

    static final List<CustomField> FIELDS = List.of(
            new CustomField("cityCopy", new FieldType.Text(100), Base::city, "v.city"),
            new CustomField("zipCopy", new FieldType.Text(20), Base::zip, "v.zip"),
            new CustomField("nameCopy", new FieldType.Text(200), Base::name, "v.name"),
            new CustomField("statusCopy", select(STATUSES), base -> base.status().toUpperCase(), "v.status"),
            new CustomField("countryCopy", new FieldType.Text(100), Base::country, "v.country"),
            new CustomField("segment", select(SEGMENTS), base -> pick(base, SEGMENTS).toUpperCase(), pickSql(SEGMENTS)),
            new CustomField("industry", new FieldType.Text(100), base -> pick(base, INDUSTRIES), pickSql(INDUSTRIES)),
            new CustomField("employees", new FieldType.Int(), base -> 1L + base.random().nextInt(5000),
                    "1 + floor(random() * 5000)::int"),
            new CustomField("revenue", new FieldType.Decimal(14, 2), base -> cents(base, 1_000_000_000),
                    "round((random() * 10000000)::numeric, 2)"),
            new CustomField("rating", new FieldType.Int(), base -> 1L + base.random().nextInt(5), "1 + floor(random() * 5)::int"),
            new CustomField("foundedOn", new FieldType.Date(),
                    base -> FOUNDED_FROM.plusDays(base.random().nextInt(27_000)).toString(),
                    "to_char(date '1950-01-01' + floor(random() * 27000)::int, 'YYYY-MM-DD')"),
            new CustomField("partner", new FieldType.Bool(), base -> base.random().nextInt(5) == 0, "random() < 0.2"),
            new CustomField("discount", new FieldType.Percent(2), base -> cents(base, 3_001),
                    "round((random() * 30)::numeric, 2)"),
            new CustomField("lastContactAt", new FieldType.DateTime(),
                    base -> CONTACT_FROM.plusSeconds(base.random().nextInt(63_072_000)).toString(),
                    "to_char(timestamp '2024-01-01' + floor(random() * 63072000)::int * interval '1 second',"
                            + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"),
            new CustomField("accountManager", new FieldType.Text(100),
                    base -> "Manager %02d".formatted(1 + base.random().nextInt(25)),
                    "'Manager ' || lpad((1 + floor(random() * 25))::int::text, 2, '0')"),
            new CustomField("source", select(SOURCES), base -> pick(base, SOURCES).toUpperCase(), pickSql(SOURCES)),
            new CustomField("region", new FieldType.Text(100), base -> pick(base, REGIONS), pickSql(REGIONS)),
            new CustomField("externalRef", new FieldType.Text(50),
                    base -> "EXT-%08d".formatted(base.random().nextInt(100_000_000)),
                    "'EXT-' || lpad(floor(random() * 100000000)::int::text, 8, '0')"),
            new CustomField("creditLimit", new FieldType.Decimal(12, 2), base -> cents(base, 50_000_000),
                    "round((random() * 500000)::numeric, 2)"),
            new CustomField("remark", new FieldType.Text(255),
                    base -> "Met at a fair in " + pick(base, CITIES) + ", follow-up " + base.random().nextInt(1000),
                    "'Met at a fair in ' || " + pickSql(CITIES) + " || ', follow-up ' || floor(random() * 1000)::int"));

    private CompanyData() {
    }

    /** A record in API form: built-in fields and all 20 custom fields. */
    static Map<String, Object> next(Random random) {
        Base base = new Base(random, "Firma %09d".formatted(random.nextInt(1_000_000_000)),
                CITIES.get(random.nextInt(CITIES.size())), "%05d".formatted(random.nextInt(100_000)), status(random.nextDouble()),
                COUNTRIES.get(random.nextInt(COUNTRIES.size())));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", base.name());
        values.put("city", base.city());
        values.put("zip", base.zip());
        values.put("status", base.status().toUpperCase());
        values.put("country", base.country());
        for (CustomField field : FIELDS) {
            values.put(field.apiName(), field.value().apply(base));
        }
        return values;
    }

    /**
     * An insert of {@code ?2} records of tenant {@code ?1} with the same columns and custom keys as the
     * records RecordService writes; {@code keys} maps custom field API names to their storage keys.
     */
    static String fillerInsert(Map<String, String> keys) {
        List<String> pairs = new ArrayList<>();
        for (CustomField field : FIELDS) {
            pairs.add("'" + keys.get(field.apiName()) + "', " + field.sql());
        }
        return """
                insert into company (tenant_id, id, name, kind, status, zip, city, country, custom, created_at, updated_at,
                                     created_by, updated_by, version)
                select ?::uuid, gen_random_uuid(), v.name, 'b2b', v.status, v.zip, v.city, v.country,
                       jsonb_build_object(%s), now(), now(), 'filler', 'filler', 1
                from (select 'Firma ' || lpad(floor(random() * 1000000000)::bigint::text, 9, '0') as name,
                             %s as city,
                             lpad(floor(random() * 100000)::int::text, 5, '0') as zip,
                             case when s < 0.4 then 'lead' when s < 0.8 then 'active'
                                  when s < 0.95 then 'inactive' else 'blocked' end as status,
                             %s as country
                      from (select random() as s from generate_series(1, ?)) g) v
                """.formatted(String.join(",\n" + " ".repeat(42), pairs), pickSql(CITIES), pickSql(COUNTRIES));
    }

    // 40 % lead, 40 % active, 15 % inactive, 5 % blocked: the filler's CASE above draws the same.
    private static String status(double draw) {
        return draw < 0.4 ? "lead" : draw < 0.8 ? "active" : draw < 0.95 ? "inactive" : "blocked";
    }

    private static FieldType.Select select(List<String> ids) {
        List<SelectOption> options = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            options.add(new SelectOption(ids.get(i), ids.get(i).toUpperCase(), null, i, null, false));
        }
        return new FieldType.Select(options);
    }

    private static String pick(Base base, List<String> values) {
        return values.get(base.random().nextInt(values.size()));
    }

    private static BigDecimal cents(Base base, int bound) {
        return BigDecimal.valueOf(base.random().nextInt(bound), 2);
    }

    private static String pickSql(List<String> values) {
        String array = values.stream().map(value -> "'" + value + "'").collect(Collectors.joining(", "));
        return "(array[" + array + "])[1 + floor(random() * " + values.size() + ")::int]";
    }
}
