package io.metaplatform.plugins.yclients;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.testkit.ConnectorContractTest;
import io.metaplatform.plugins.testkit.FakeExternalSystem;
import java.util.Map;
import java.util.Optional;

/** The connector test kit's contract on the {@code records} stream, against the fake YCLIENTS (pages of 200). */
class RecordsContractTest extends ConnectorContractTest {

    @Override
    protected Connector createConnector() {
        return new YclientsConnector();
    }

    @Override
    protected FakeExternalSystem startFakeSystem() {
        return new FakeYclientsSystem(450);
    }

    @Override
    protected String streamUnderTest() {
        return "records";
    }

    @Override
    protected Optional<OutgoingRecord> writeSample() {
        return Optional.of(new OutgoingRecord(WriteOperation.CREATE, "record-1", Optional.empty(), Optional.empty(),
                Map.of("firstName", "Anna", "lastName", "Petrova", "phone", "79161112233", "email", "anna@example.com")));
    }
}
