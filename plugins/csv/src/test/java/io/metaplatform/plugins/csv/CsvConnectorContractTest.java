package io.metaplatform.plugins.csv;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.testkit.ConnectorContractTest;
import io.metaplatform.plugins.testkit.FakeExternalSystem;

/** The CSV connector against the test kit's contract, reading from a URL of a fake web server. */
class CsvConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector createConnector() {
        return new CsvConnector();
    }

    @Override
    protected FakeExternalSystem startFakeSystem() {
        return new FakeCsvServer(2_500);
    }

    @Override
    protected String streamUnderTest() {
        return "rows";
    }
}
