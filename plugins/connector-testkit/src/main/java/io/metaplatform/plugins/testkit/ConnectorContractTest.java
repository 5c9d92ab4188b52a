package io.metaplatform.plugins.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorApi;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordSink;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every connector plugin passes. Extend it in your plugin's tests, say how to create your
 * connector and your fake external system, and every {@code @Test} here runs against them:
 *
 * <pre>{@code
 * class AcmeConnectorContractTest extends ConnectorContractTest {
 *     protected Connector createConnector() { return new AcmeConnector(); }
 *     protected FakeExternalSystem startFakeSystem() { return new FakeAcme(); }
 *     protected String streamUnderTest() { return "contacts"; }
 * }
 * }</pre>
 *
 * Tests that do not apply to a connector are skipped (a JUnit assumption with the reason), never
 * passed silently: the credentials test needs a secret configuration property, the changes test a
 * stream with a cursor field, the resume test a stream that reads incrementally and checkpoints
 * before its end, the write test a writable stream, the search tests a stream that declares
 * {@link StreamDescriptor#searchCriteria() search criteria}. Calls run on the test thread with a fresh
 * connector, fake and {@link TestConnectorHttp} per test.
 */
public abstract class ConnectorContractTest {

    private Connector connector;
    private ConnectorDescriptor descriptor;
    private FakeExternalSystem fake;

    /** A new instance of the connector under test, as the platform creates it (public no-argument constructor). */
    protected abstract Connector createConnector();

    /** A started fake of the external system, seeded with records; closed after each test. */
    protected abstract FakeExternalSystem startFakeSystem() throws Exception;

    /** The stream the read tests read; the write test writes to it when it is writable. */
    protected abstract String streamUnderTest();

    /**
     * A record to create through {@link Connector#write} for the write round-trip, with external field
     * names; required when the stream is writable. Each of its fields must read back with the same
     * value (compared as text).
     */
    protected Optional<OutgoingRecord> writeSample() {
        return Optional.empty();
    }

    /**
     * Criteria a search of the stream under test matches some of the fake's records with; required when the
     * stream declares search criteria.
     */
    protected Optional<Map<String, String>> searchSample() {
        return Optional.empty();
    }

    /** The HTTP client of each call; override to change timings. */
    protected TestConnectorHttp http() {
        return new TestConnectorHttp();
    }

    @BeforeEach
    final void startConnectorAndFake() throws Exception {
        connector = createConnector();
        descriptor = connector.descriptor();
        fake = startFakeSystem();
    }

    @AfterEach
    final void stopFake() {
        if (fake != null) {
            fake.close();
        }
        if (connector != null) {
            connector.close();
        }
    }

    /** The connector under test (created anew for each test). */
    protected final Connector connector() {
        return connector;
    }

    /** The fake external system of the current test. */
    protected final FakeExternalSystem fake() {
        return fake;
    }

    /** A context for a connection with the fake's good configuration, reading the stream under test. */
    protected final TestContext.Builder context() {
        return TestContext.builder(descriptor).configuration(fake.goodConfiguration()).http(http()).stream(streamUnderTest());
    }

    @Test
    void descriptorIsValidForThisSpiAndStable() {
        assertThat(descriptor).as("descriptor()").isNotNull();
        assertThat(descriptor.apiVersion()).as("apiVersion").isEqualTo(ConnectorApi.VERSION);
        assertThat(connector.descriptor()).as("a second descriptor() call").isEqualTo(descriptor);
        assertThat(descriptor.stream(streamUnderTest())).as("stream " + streamUnderTest()).isPresent();
        assertThat(descriptor.config().validate(fake.goodConfiguration())).as("problems of the fake's good configuration").isEmpty();
        fake.badCredentialsConfiguration().ifPresent(bad ->
                assertThat(descriptor.config().validate(bad)).as("problems of the fake's bad-credentials configuration").isEmpty());
        for (StreamDescriptor stream : descriptor.streams()) {
            assertThat(stream.writable() || stream.modes().contains(SyncMode.FULL) || stream.modes().contains(SyncMode.INCREMENTAL))
                    .as("stream " + stream.name() + " can be read or written").isTrue();
        }
    }

    @Test
    void isDiscoverableWithServiceLoader() {
        var discovered = ServiceLoader.load(Connector.class).stream().map(ServiceLoader.Provider::type).toList();

        assertThat(discovered)
                .as("META-INF/services/" + Connector.class.getName() + " must name " + connector.getClass().getName())
                .contains(connector.getClass());
    }

    @Test
    void checkPassesWithGoodConfiguration() {
        CheckResult result = connector.check(context().build());

        assertThat(result.passed()).as("check passed; message: " + result.message()).isTrue();
    }

    @Test
    void checkFailsOnBadCredentialsWithTheCredentialsError() {
        List<ConfigProperty> secrets = descriptor.config().properties().stream().filter(ConfigProperty::secret).toList();
        assumeTrue(!secrets.isEmpty(), "connector " + descriptor.id() + " has no secret configuration property, so no credentials to refuse");
        Map<String, String> bad = fake.badCredentialsConfiguration()
                .orElseGet(() -> fail("the connector has secrets: the fake must provide badCredentialsConfiguration()"));
        var context = TestContext.builder(descriptor).configuration(bad).http(http()).build();

        assertThatThrownBy(() -> connector.check(context))
                .isInstanceOf(CredentialsException.class)
                .satisfies(error -> secrets.forEach(secret -> bad.entrySet().stream()
                        .filter(entry -> entry.getKey().equals(secret.name()))
                        .forEach(entry -> assertThat(String.valueOf(error.getMessage()))
                                .as("the message must not reveal secret " + secret.name()).doesNotContain(entry.getValue()))));
    }

    @Test
    void fullReadReturnsEveryRecordOnce() {
        var sink = new InMemoryRecordSink(streamUnderTest());

        connector.read(context().mode(SyncMode.FULL).sink(sink).build());

        assertThat(sink.externalIds()).as("external ids read").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fake.externalIds(streamUnderTest()));
        assertThat(sink.rejections()).as("rejected records of the fake's valid data").isEmpty();
    }

    @Test
    void incrementalReadAfterChangesReturnsOnlyTheChanges() {
        StreamDescriptor stream = descriptor.stream(streamUnderTest()).orElseThrow();
        assumeTrue(stream.modes().contains(SyncMode.INCREMENTAL) && stream.cursorField().isPresent(),
                "stream " + stream.name() + " has no cursor field, so an incremental read cannot select changes");
        var first = new InMemoryRecordSink(streamUnderTest());
        connector.read(context().mode(SyncMode.INCREMENTAL).sink(first).build());
        Map<String, String> state = first.lastCheckpoint()
                .orElseGet(() -> fail("an incremental read must checkpoint its cursor"));

        Set<String> changed = fake.addAndChangeRecords(streamUnderTest());
        var second = new InMemoryRecordSink(streamUnderTest());
        connector.read(context().mode(SyncMode.INCREMENTAL).state(state).sink(second).build());

        assertThat(changed).as("ids the fake added or changed").isNotEmpty();
        assertThat(second.externalIds()).as("ids of the incremental read after the changes")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(changed);
    }

    @Test
    void resumingFromACheckpointLosesNothingAndDoublesNothing() {
        StreamDescriptor stream = descriptor.stream(streamUnderTest()).orElseThrow();
        assumeTrue(stream.modes().contains(SyncMode.INCREMENTAL), "stream " + stream.name() + " does not read incrementally, so it never resumes");
        var crashing = new CrashAfterFirstCheckpoint(streamUnderTest());
        try {
            connector.read(context().mode(SyncMode.INCREMENTAL).sink(crashing).build());
        } catch (SimulatedCrash expected) {
            // the run died after its first checkpoint, as a server might
        }
        assumeTrue(crashing.crashed, "stream " + stream.name() + " checkpointed only at its end; seed the fake with more records than one page");

        var resumed = new InMemoryRecordSink(streamUnderTest());
        connector.read(context().mode(SyncMode.INCREMENTAL).state(crashing.checkpoint).sink(resumed).build());

        assertThat(resumed.externalIds()).as("ids read after resuming").doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(crashing.committed);
        var all = new ArrayList<>(crashing.committed);
        all.addAll(resumed.externalIds());
        assertThat(all).as("ids committed before the crash and read after resuming")
                .containsExactlyInAnyOrderElementsOf(fake.externalIds(streamUnderTest()));
    }

    @Test
    void rateLimitAndServerErrorAnswersAreRetriedWithinTheBudget() {
        var clean = new InMemoryRecordSink(streamUnderTest());
        int before = fake.requestCount();
        connector.read(context().sink(clean).build());
        int requestsOfACleanRead = fake.requestCount() - before;

        fake.failNextRequests(1, 429);
        fake.failNextRequests(1, 503);
        var sink = new InMemoryRecordSink(streamUnderTest());
        before = fake.requestCount();
        connector.read(context().sink(sink).build());

        assertThat(sink.externalIds()).as("ids read despite a 429 and a 503")
                .containsExactlyInAnyOrderElementsOf(clean.externalIds());
        assertThat(fake.requestCount() - before).as("requests: a clean read's plus the two failed attempts")
                .isEqualTo(requestsOfACleanRead + 2);
    }

    @Test
    void serverErrorsBeyondTheBudgetEndTheReadAsRetriable() {
        fake.failNextRequests(10, 503);

        assertThatThrownBy(() -> connector.read(context().sink(new InMemoryRecordSink(streamUnderTest())).build()))
                .as("a read whose requests keep failing with 503")
                .isInstanceOf(RetriableException.class);
    }

    @Test
    void writeRoundTrips() {
        StreamDescriptor stream = descriptor.stream(streamUnderTest()).orElseThrow();
        assumeTrue(stream.writable(), "stream " + stream.name() + " is not writable");
        OutgoingRecord sample = writeSample().orElseGet(() -> fail("the stream is writable: override writeSample()"));

        WriteResult created = connector.write(context().record(sample).build());
        ExternalRecord readBack = readBack(created.externalId());

        sample.fields().forEach((field, value) -> assertThat(String.valueOf(readBack.fields().get(field)))
                .as("field " + field + " read back").isEqualTo(String.valueOf(value)));
        assertThat(fake.externalIds(streamUnderTest())).as("ids the fake holds after the write").contains(created.externalId());
    }

    @Test
    void searchFindsRecordsOfTheStreamByItsDeclaredCriteria() {
        StreamDescriptor stream = descriptor.stream(streamUnderTest()).orElseThrow();
        assumeTrue(!stream.searchCriteria().isEmpty(), "stream " + stream.name() + " declares no search criteria");
        Map<String, String> criteria = searchSample().orElseGet(() -> fail("the stream is searchable: override searchSample()"));
        assertThat(stream.searchCriteria()).as("criteria of searchSample() are declared by the stream").containsAll(criteria.keySet());

        List<ExternalRecord> found = connector.search(context().criteria(criteria).build());

        assertThat(found).as("records found by " + criteria).isNotEmpty()
                .extracting(ExternalRecord::externalId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(fake.externalIds(streamUnderTest())).as("ids of the stream").contains(id));
    }

    @Test
    void searchRefusesACriterionTheStreamDoesNotDeclare() {
        StreamDescriptor stream = descriptor.stream(streamUnderTest()).orElseThrow();
        assumeTrue(!stream.searchCriteria().isEmpty(), "stream " + stream.name() + " declares no search criteria");
        String undeclared = "undeclaredCriterion";
        assumeTrue(!stream.searchCriteria().contains(undeclared), "stream " + stream.name() + " declares " + undeclared);

        assertThatThrownBy(() -> connector.search(context().criteria(Map.of(undeclared, "x")).build()))
                .as("a search by " + undeclared).isInstanceOf(IllegalArgumentException.class);
    }

    private ExternalRecord readBack(String externalId) {
        try {
            return connector.readOne(context().externalId(externalId).build())
                    .orElseGet(() -> fail("readOne found no record " + externalId + " after writing it"));
        } catch (UnsupportedOperationException noReadById) {
            var sink = new InMemoryRecordSink(streamUnderTest());
            connector.read(context().mode(SyncMode.FULL).sink(sink).build());
            return sink.records().stream().filter(record -> record.externalId().equals(externalId)).findFirst()
                    .orElseGet(() -> fail("a full read found no record " + externalId + " after writing it"));
        }
    }

    /** Thrown by the crashing sink: an {@link Error}, so that a connector's own exception handling does not catch it. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash after the first checkpoint", null, false, false);
        }
    }

    /** Keeps what the first checkpoint committed and dies at the first record after it. */
    private static final class CrashAfterFirstCheckpoint implements RecordSink {
        private final String stream;
        private final List<String> pending = new ArrayList<>();
        private final List<String> committed = new ArrayList<>();
        private Map<String, String> checkpoint;
        private boolean crashed;

        CrashAfterFirstCheckpoint(String stream) {
            this.stream = stream;
        }

        @Override
        public void record(ExternalRecord record) {
            record(stream, record);
        }

        @Override
        public void record(String streamName, ExternalRecord record) {
            if (checkpoint != null) {
                crashed = true;
                throw new SimulatedCrash();
            }
            if (streamName.equals(stream)) {
                pending.add(record.externalId());
            }
        }

        @Override
        public void deleted(String streamName, String externalId) {
        }

        @Override
        public void reject(String streamName, String externalId, String reason, String raw) {
        }

        @Override
        public void checkpoint(Map<String, String> state) {
            if (checkpoint == null) {
                checkpoint = Map.copyOf(state);
                committed.addAll(pending);
            }
        }
    }
}
