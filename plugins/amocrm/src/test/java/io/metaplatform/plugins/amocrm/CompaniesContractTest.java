package io.metaplatform.plugins.amocrm;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.testkit.ConnectorContractTest;
import io.metaplatform.plugins.testkit.FakeExternalSystem;
import java.util.Map;
import java.util.Optional;

/** The connector test kit's contract on the {@code companies} stream: paged, incremental by updated_at, writable. */
class CompaniesContractTest extends ConnectorContractTest {

    @Override
    protected Connector createConnector() {
        return new AmoCrmConnector();
    }

    @Override
    protected FakeExternalSystem startFakeSystem() {
        return new FakeAmoCrmSystem();
    }

    @Override
    protected String streamUnderTest() {
        return "companies";
    }

    @Override
    protected Optional<OutgoingRecord> writeSample() {
        return Optional.of(new OutgoingRecord(WriteOperation.CREATE, "record-1", Optional.empty(), Optional.empty(),
                Map.of("name", "Contract Test LLC", "email", "info@contract.ru", "phone", "+74951234567")));
    }
}
