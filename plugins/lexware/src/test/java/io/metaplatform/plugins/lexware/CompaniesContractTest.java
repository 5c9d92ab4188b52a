package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.testkit.ConnectorContractTest;
import io.metaplatform.plugins.testkit.FakeExternalSystem;
import java.util.Map;
import java.util.Optional;

/** The connector test kit's contract on the writable, page-checkpointed {@code companies} stream. */
class CompaniesContractTest extends ConnectorContractTest {

    @Override
    protected Connector createConnector() {
        return new LexwareConnector();
    }

    @Override
    protected FakeExternalSystem startFakeSystem() {
        return new FakeLexwareSystem();
    }

    @Override
    protected String streamUnderTest() {
        return "companies";
    }

    @Override
    protected Optional<OutgoingRecord> writeSample() {
        return Optional.of(new OutgoingRecord(WriteOperation.CREATE, "record-1", Optional.empty(), Optional.empty(),
                Map.of("name", "Vertragstest GmbH", "email", "kontakt@vertragstest.de", "phone", "030 123456",
                        "street", "Hauptstr. 1", "zip", "10115", "city", "Berlin", "countryCode", "DE")));
    }

    @Override
    protected Optional<Map<String, String>> searchSample() {
        return Optional.of(Map.of("name", "Firma 00"));
    }
}
