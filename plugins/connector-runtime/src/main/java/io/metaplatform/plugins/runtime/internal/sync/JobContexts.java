package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RecordSink;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteContext;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/** The contexts the engine hands to a connector's calls, all built from one {@link SyncJob}. */
final class JobContexts {

    private JobContexts() {
    }

    /** What every call of a job shares. */
    static class Base implements ConnectorContext {
        private final SyncJob job;
        private final String publicUrl;
        private final Clock clock;
        private final System.Logger logger;

        Base(SyncJob job, String stream, Clock clock, String publicUrl) {
            this.job = job;
            this.publicUrl = publicUrl;
            this.clock = clock;
            this.logger = new PrefixedLogger(System.getLogger("io.metaplatform.plugins.connector." + job.connector().id()),
                    "[connection " + job.connectionId() + ", run " + job.runId() + ", stream " + stream + "] ");
        }

        @Override
        public Configuration configuration() {
            return job.configuration();
        }

        @Override
        public ConnectorHttp http() {
            return job.http();
        }

        @Override
        public System.Logger logger() {
            return logger;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public boolean cancelled() {
            return job.cancelled().getAsBoolean();
        }

        @Override
        public String connectionId() {
            return job.connectionId().toString();
        }

        @Override
        public Optional<java.net.URI> webhookUrl() {
            return WebhookUrl.of(publicUrl, job.connectionId());
        }

        SyncJob job() {
            return job;
        }
    }

    static final class Read extends Base implements ReadContext {
        private final StreamDescriptor stream;
        private final SyncMode mode;
        private final Map<String, String> state;
        private final RecordSink sink;

        Read(SyncJob job, StreamDescriptor stream, SyncMode mode, Map<String, String> state, RecordSink sink, Clock clock, String publicUrl) {
            super(job, stream.name(), clock, publicUrl);
            this.stream = stream;
            this.mode = mode;
            this.state = Map.copyOf(state);
            this.sink = sink;
        }

        @Override
        public StreamDescriptor stream() {
            return stream;
        }

        @Override
        public SyncMode mode() {
            return mode;
        }

        @Override
        public Map<String, String> state() {
            return state;
        }

        @Override
        public RecordSink sink() {
            return sink;
        }

        @Override
        public Optional<InputStream> upload() {
            return job().upload().map(Supplier::get);
        }
    }

    static final class Write extends Base implements WriteContext {
        private final StreamDescriptor stream;
        private final OutgoingRecord record;

        Write(SyncJob job, StreamDescriptor stream, OutgoingRecord record, Clock clock, String publicUrl) {
            super(job, stream.name(), clock, publicUrl);
            this.stream = stream;
            this.record = record;
        }

        @Override
        public StreamDescriptor stream() {
            return stream;
        }

        @Override
        public OutgoingRecord record() {
            return record;
        }
    }

    static final class WriteBatch extends Base implements io.metaplatform.plugins.api.WriteBatchContext {
        private final StreamDescriptor stream;
        private final java.util.List<OutgoingRecord> records;

        WriteBatch(SyncJob job, StreamDescriptor stream, java.util.List<OutgoingRecord> records, Clock clock, String publicUrl) {
            super(job, stream.name(), clock, publicUrl);
            this.stream = stream;
            this.records = java.util.List.copyOf(records);
        }

        @Override
        public StreamDescriptor stream() {
            return stream;
        }

        @Override
        public java.util.List<OutgoingRecord> records() {
            return records;
        }
    }

    static final class Lookup extends Base implements LookupContext {
        private final StreamDescriptor stream;
        private final String externalId;

        Lookup(SyncJob job, StreamDescriptor stream, String externalId, Clock clock, String publicUrl) {
            super(job, stream.name(), clock, publicUrl);
            this.stream = stream;
            this.externalId = externalId;
        }

        @Override
        public StreamDescriptor stream() {
            return stream;
        }

        @Override
        public String externalId() {
            return externalId;
        }
    }

    static final class Search extends Base implements SearchContext {
        private final StreamDescriptor stream;
        private final Map<String, String> criteria;

        Search(SyncJob job, StreamDescriptor stream, Map<String, String> criteria, Clock clock, String publicUrl) {
            super(job, stream.name(), clock, publicUrl);
            this.stream = stream;
            this.criteria = Map.copyOf(criteria);
        }

        @Override
        public StreamDescriptor stream() {
            return stream;
        }

        @Override
        public Map<String, String> criteria() {
            return criteria;
        }
    }

    /** Puts tenant-neutral identifiers of the run in front of every message; it knows nothing of the configuration. */
    private record PrefixedLogger(System.Logger delegate, String prefix) implements System.Logger {

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return delegate.isLoggable(level);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            delegate.log(level, bundle, prefix + message, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            delegate.log(level, bundle, prefix + format, params);
        }
    }
}
