package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.ManagedField;
import io.metaplatform.plugins.api.ManagedFieldType;
import io.metaplatform.plugins.api.ManagedObject;
import io.metaplatform.plugins.api.ManagedPackage;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector that brings a managed package ({@code tpVisit}, {@code contact.tpClientId}); {@link #upgrade()}
 * turns it into the next plugin version, whose package also declares {@code tpVisit.notes}.
 */
final class PackagedConnector implements Connector {

    static final String ID = "test-packaged";

    private volatile int version = 1;

    void upgrade() {
        version = 2;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        List<ManagedField> fields = new ArrayList<>(List.of(
                ManagedField.of("tpVisit", "start", "Start", new ManagedFieldType.DateTime()),
                ManagedField.of("tpVisit", "attendance", "Attendance", new ManagedFieldType.Select(List.of("WAITING", "CAME", "NO_SHOW"))),
                ManagedField.of("tpVisit", "client", "Client", new ManagedFieldType.Relation("contact", "tpVisits", "Visits")),
                new ManagedField("contact", "tpClientId", "Client id (test)", new ManagedFieldType.Text(40), true)));
        if (version > 1) {
            fields.add(ManagedField.of("tpVisit", "notes", "Notes", new ManagedFieldType.LongText()));
        }
        return ConnectorDescriptor.builder(ID, "Packaged", version + ".0.0")
                .config(ConfigSchema.of(ConfigProperty.secret("apiKey", "The API key")))
                .stream(StreamDescriptor.of("visits", "tpVisit", List.of(FieldMapping.read("start", "start"))))
                .managedPackage(new ManagedPackage("tp", version,
                        List.of(new ManagedObject("tpVisit", "Visit", "Visits", "An appointment in the test system.")), fields))
                .build();
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        return CheckResult.success();
    }

    @Override
    public void read(ReadContext context) {
        throw new UnsupportedOperationException("the tests script the stream runner instead");
    }
}
