package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.registry.DataRecord;
import io.metaplatform.registry.MetadataService;
import io.metaplatform.registry.RecordQuery;
import io.metaplatform.registry.RecordService;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each test works in a tenant and connection of its own, with a scripted connector. */
@SpringBootTest
abstract class SyncTestSupport {

    static final ConnectorHttp NO_HTTP = new ConnectorHttp() {
        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
            throw new UnsupportedOperationException("the test connector makes no HTTP calls");
        }
    };

    @Autowired
    SyncEngine engine;
    @Autowired
    RecordService records;
    @Autowired
    MetadataService metadata;
    @Autowired
    JdbcTemplate jdbc;

    TenantId tenant;
    UUID connection;
    TestConnector connector;
    Map<String, StreamSettings> streams;

    @BeforeEach
    void freshTenantAndConnection() {
        tenant = TenantId.random();
        connection = UUID.randomUUID();
        connector = new TestConnector();
        streams = new LinkedHashMap<>();
        streams.put("companies", settings("companies", "company", TestConnector.COMPANY_MAPPINGS));
        streams.put("contacts", settings("contacts", "contact", TestConnector.CONTACT_MAPPINGS));
    }

    static StreamSettings settings(String stream, String object, List<FieldMapping> mappings) {
        return new StreamSettings(stream, true, object, mappings, Optional.empty(), SyncMode.INCREMENTAL, false, Optional.empty());
    }

    SyncJob job() {
        return job(tenant, connection);
    }

    SyncJob job(TenantId who, UUID connectionId) {
        return new SyncJob(who, connectionId, UUID.randomUUID(), connector.loaded(), new Configuration(Map.of()), streams, NO_HTTP,
                () -> false, Optional.empty());
    }

    RunCounts pull(String stream) {
        return engine.pull(job(), stream);
    }

    RunCounts push(String stream) {
        awaitSettled();
        return engine.push(job(), stream);
    }

    void enablePush(String stream) {
        StreamSettings current = streams.get(stream);
        streams.put(stream, new StreamSettings(current.stream(), current.enabled(), current.targetObject(), current.mappings(),
                current.upsertOn(), current.mode(), true, Optional.empty()));
    }

    static ExternalRecord company(String id, String version, String name) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("number", "K-" + id);
        return new ExternalRecord(id, Optional.ofNullable(version), fields);
    }

    <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAs(tenant, work);
    }

    List<DataRecord> all(String object) {
        return all(tenant, object);
    }

    List<DataRecord> all(TenantId who, String object) {
        return TenantContext.callAs(who, () -> records.list(object, RecordQuery.firstPage(200)).records());
    }

    List<String> names(String object) {
        return all(object).stream().map(record -> (String) record.get("name")).sorted().toList();
    }

    DataRecord byCustomerNumber(String number) {
        List<DataRecord> matches = all("company").stream().filter(record -> number.equals(record.get("customerNumber"))).toList();
        assertThat(matches).hasSize(1);
        return matches.getFirst();
    }

    // Push reads only changes of transactions that ended before every running one began; wait until
    // the changes made so far are behind every transaction running now (other test JVMs share the server).
    void awaitSettled() {
        long mark = jdbc.queryForObject("select pg_current_xact_id()::text::bigint", Long.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.queryForObject("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint", Long.class) <= mark) {
            assertThat(Instant.now()).as("changes settle").isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
