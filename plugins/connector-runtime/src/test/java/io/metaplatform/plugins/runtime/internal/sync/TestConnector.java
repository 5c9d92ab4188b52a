package io.metaplatform.plugins.runtime.internal.sync;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteResult;
import io.metaplatform.plugins.runtime.LoadedConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** A connector whose reads and writes each test scripts; it records what the platform asked it to write. */
final class TestConnector implements Connector {

    static final List<FieldMapping> COMPANY_MAPPINGS = List.of(
            FieldMapping.both("name", "name"),
            FieldMapping.both("number", "customerNumber"),
            FieldMapping.both("mail", "email"),
            FieldMapping.read("town", "city"));
    static final List<FieldMapping> CONTACT_MAPPINGS = List.of(
            FieldMapping.both("last", "lastName"),
            FieldMapping.both("mail", "email"),
            FieldMapping.both("company", "company"));

    private final ConnectorDescriptor descriptor = ConnectorDescriptor.builder("test", "Test", "1.0")
            .stream(StreamDescriptor.of("companies", "company", COMPANY_MAPPINGS).withWrite().withCompleteListing())
            .stream(StreamDescriptor.of("contacts", "contact", CONTACT_MAPPINGS).withWrite())
            .build();

    Consumer<ReadContext> reader = context -> { };
    Function<WriteContext, WriteResult> writer = context -> {
        throw new UnsupportedOperationException("no writes scripted");
    };
    Function<LookupContext, Optional<ExternalRecord>> lookup = context -> Optional.empty();
    final List<OutgoingRecord> written = new ArrayList<>();
    /** Records per writeBatch call; 1 writes each record on its own. */
    int batchSize = 1;
    final List<Integer> batches = new ArrayList<>();

    LoadedConnector loaded() {
        return new LoadedConnector(descriptor, this, getClass().getClassLoader(), "classpath");
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        return CheckResult.success();
    }

    @Override
    public void read(ReadContext context) {
        reader.accept(context);
    }

    @Override
    public Optional<ExternalRecord> readOne(LookupContext context) {
        return lookup.apply(context);
    }

    @Override
    public int writeBatchSize(io.metaplatform.plugins.api.StreamDescriptor stream) {
        return batchSize;
    }

    @Override
    public List<io.metaplatform.plugins.api.WriteOutcome> writeBatch(io.metaplatform.plugins.api.WriteBatchContext context) {
        batches.add(context.records().size());
        return Connector.super.writeBatch(context);
    }

    @Override
    public WriteResult write(WriteContext context) {
        written.add(context.record());
        return writer.apply(context);
    }
}
