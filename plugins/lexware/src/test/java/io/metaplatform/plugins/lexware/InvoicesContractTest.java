package io.metaplatform.plugins.lexware;

import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.testkit.ConnectorContractTest;
import io.metaplatform.plugins.testkit.FakeExternalSystem;

/** The connector test kit's contract on the {@code invoices} stream, incremental by updated date. */
class InvoicesContractTest extends ConnectorContractTest {

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
        return "invoices";
    }
}
