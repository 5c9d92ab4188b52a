package io.metaplatform.plugins.testkit;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RecordSink;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One in-memory context for every kind of call ({@link io.metaplatform.plugins.api.Connector#check check}, {@link ReadContext read},
 * {@link LookupContext readOne}, {@link WriteContext write}, {@link SearchContext search}), as the platform would build it for one
 * connection: the raw configuration is validated against the descriptor's schema and resolved with
 * defaults, exactly as the platform does before a call.
 *
 * <pre>{@code
 * var sink = new InMemoryRecordSink("rows");
 * connector.read(TestContext.builder(connector.descriptor())
 *         .configuration(Map.of("keyColumn", "id")).stream("rows").sink(sink)
 *         .upload(csvBytes).build());
 * }</pre>
 *
 * @see io.metaplatform.plugins.api.Connector
 */
public final class TestContext implements ReadContext, LookupContext, WriteContext, SearchContext {

    private final Builder builder;
    private final Configuration configuration;

    private TestContext(Builder builder, Configuration configuration) {
        this.builder = builder;
        this.configuration = configuration;
    }

    /** A builder for a connection of this connector; {@link Builder#build()} validates the configuration. */
    public static Builder builder(ConnectorDescriptor descriptor) {
        return new Builder(descriptor);
    }

    @Override
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public ConnectorHttp http() {
        return builder.http;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("connector." + builder.descriptor.id());
    }

    @Override
    public Clock clock() {
        return builder.clock;
    }

    @Override
    public boolean cancelled() {
        return builder.cancelled.getAsBoolean();
    }

    @Override
    public String connectionId() {
        return builder.connectionId;
    }

    /** The stream set with {@link Builder#stream}; fails when none was. */
    @Override
    public StreamDescriptor stream() {
        if (builder.stream == null) {
            throw new IllegalStateException("this test context has no stream: call stream(name) on the builder");
        }
        return builder.stream;
    }

    @Override
    public SyncMode mode() {
        return builder.mode;
    }

    @Override
    public Map<String, String> state() {
        return builder.mode == SyncMode.FULL ? Map.of() : builder.state;
    }

    @Override
    public RecordSink sink() {
        if (builder.sink == null) {
            throw new IllegalStateException("this test context has no sink: call sink(...) on the builder");
        }
        return builder.sink;
    }

    @Override
    public Optional<InputStream> upload() {
        return Optional.ofNullable(builder.upload).map(Supplier::get);
    }

    @Override
    public String externalId() {
        if (builder.externalId == null) {
            throw new IllegalStateException("this test context has no external id: call externalId(...) on the builder");
        }
        return builder.externalId;
    }

    @Override
    public OutgoingRecord record() {
        if (builder.record == null) {
            throw new IllegalStateException("this test context has no outgoing record: call record(...) on the builder");
        }
        return builder.record;
    }

    /** The search criteria set with {@link Builder#criteria}; empty by default. */
    @Override
    public Map<String, String> criteria() {
        return builder.criteria;
    }

    /** Builds a {@link TestContext}; everything but the descriptor is optional. */
    public static final class Builder {
        private final ConnectorDescriptor descriptor;
        private Map<String, String> configuration = Map.of();
        private ConnectorHttp http = new TestConnectorHttp();
        private Clock clock = Clock.systemUTC();
        private BooleanSupplier cancelled = () -> false;
        private String connectionId = "test-connection";
        private StreamDescriptor stream;
        private SyncMode mode = SyncMode.FULL;
        private Map<String, String> state = Map.of();
        private RecordSink sink;
        private Supplier<InputStream> upload;
        private String externalId;
        private OutgoingRecord record;
        private Map<String, String> criteria = Map.of();

        private Builder(ConnectorDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        /** The connection's raw configuration, as an admin would enter it (secrets in clear). */
        public Builder configuration(Map<String, String> value) {
            this.configuration = Map.copyOf(value);
            return this;
        }

        /** The HTTP client; a fresh {@link TestConnectorHttp} by default. */
        public Builder http(ConnectorHttp value) {
            this.http = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Asked at every {@link #cancelled()} call; never cancelled by default. */
        public Builder cancelled(BooleanSupplier value) {
            this.cancelled = value;
            return this;
        }

        public Builder connectionId(String value) {
            this.connectionId = value;
            return this;
        }

        /** The stream of a read, lookup or write; must be one of the descriptor's. */
        public Builder stream(String name) {
            this.stream = descriptor.stream(name).orElseThrow(
                    () -> new IllegalArgumentException("connector " + descriptor.id() + " has no stream " + name));
            return this;
        }

        public Builder mode(SyncMode value) {
            this.mode = value;
            return this;
        }

        /** The last checkpoint; only {@link SyncMode#INCREMENTAL} reads see it, as on the platform. */
        public Builder state(Map<String, String> value) {
            this.state = Map.copyOf(value);
            return this;
        }

        public Builder sink(RecordSink value) {
            this.sink = value;
            return this;
        }

        /** An uploaded file, opened anew at each {@link TestContext#upload()} call. */
        public Builder upload(Supplier<InputStream> value) {
            this.upload = value;
            return this;
        }

        /** An uploaded file with this content. */
        public Builder upload(byte[] content) {
            byte[] copy = content.clone();
            return upload(() -> new ByteArrayInputStream(copy));
        }

        public Builder externalId(String value) {
            this.externalId = value;
            return this;
        }

        public Builder record(OutgoingRecord value) {
            this.record = value;
            return this;
        }

        /** The criteria of a search, passed as given (the platform would drop blank values first). */
        public Builder criteria(Map<String, String> value) {
            this.criteria = Map.copyOf(value);
            return this;
        }

        private Builder snapshot() {
            var copy = new Builder(descriptor);
            copy.configuration = configuration;
            copy.http = http;
            copy.clock = clock;
            copy.cancelled = cancelled;
            copy.connectionId = connectionId;
            copy.stream = stream;
            copy.mode = mode;
            copy.state = state;
            copy.sink = sink;
            copy.upload = upload;
            copy.externalId = externalId;
            copy.record = record;
            copy.criteria = criteria;
            return copy;
        }

        /**
         * The context; the configuration must be valid for the descriptor's schema.
         *
         * @throws IllegalArgumentException listing every configuration problem
         */
        public TestContext build() {
            List<FieldProblem> problems = descriptor.config().validate(configuration);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid test configuration: " + problems.stream()
                        .map(problem -> problem.field() + " " + problem.code())
                        .collect(Collectors.joining(", ")));
            }
            return new TestContext(snapshot(), descriptor.config().resolve(configuration));
        }
    }
}
