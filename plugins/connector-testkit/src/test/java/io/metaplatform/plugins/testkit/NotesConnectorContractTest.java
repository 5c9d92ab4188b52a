package io.metaplatform.plugins.testkit;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.WriteOperation;
import java.util.Map;
import java.util.Optional;

/** The whole contract, none of it skipped, on a connector that has every feature it tests. */
class NotesConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector createConnector() {
        return new NotesConnector();
    }

    @Override
    protected FakeExternalSystem startFakeSystem() {
        return new FakeNotes(5);
    }

    @Override
    protected String streamUnderTest() {
        return "notes";
    }

    @Override
    protected Optional<OutgoingRecord> writeSample() {
        return Optional.of(new OutgoingRecord(WriteOperation.CREATE, "record-1", Optional.empty(), Optional.empty(),
                Map.of("title", "written by the platform")));
    }

    @Override
    protected Optional<Map<String, String>> searchSample() {
        return Optional.of(Map.of("title", "NOTE"));
    }
}
