package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.ManagedField;
import io.metaplatform.plugins.api.ManagedFieldType;
import io.metaplatform.plugins.api.ManagedPackage;
import io.metaplatform.plugins.api.StreamDescriptor;
import java.util.List;

/** The connector's streams and their default field mappings onto the built-in CRM objects. */
public final class AmoStreams {

    public static final String PIPELINES = "pipelines";
    public static final String STATUSES = "statuses";
    public static final String LEADS = "leads";
    public static final String CONTACTS = "contacts";
    public static final String COMPANIES = "companies";

    /** What amoCRM has on a lead that the built-in deal has not: installed as managed fields of the {@code amo} namespace. */
    public static final ManagedPackage PACKAGE = new ManagedPackage("amo", 1, List.of(), List.of(
            ManagedField.of("deal", "amoClosedAt", "Closed at (amoCRM)", new ManagedFieldType.DateTime()),
            ManagedField.of("deal", "amoLossReason", "Loss reason id (amoCRM)", new ManagedFieldType.Text(50)),
            ManagedField.of("deal", "amoTags", "Tags (amoCRM)", new ManagedFieldType.Text(1000))));

    public static final StreamDescriptor PIPELINES_STREAM = StreamDescriptor.of(PIPELINES, "pipeline", List.of(
            FieldMapping.read("name", "name"),
            FieldMapping.read("is_main", "isDefault"))).withCompleteListing();

    /** Read with their pipelines (a status id such as 142 exists in every pipeline: ids are {@code pipeline:status}). */
    public static final StreamDescriptor STATUSES_STREAM = StreamDescriptor.of(STATUSES, "pipelineStage", List.of(
            FieldMapping.read("pipeline", "pipeline"),
            FieldMapping.read("name", "name"),
            FieldMapping.read("sort", "position"),
            FieldMapping.read("won", "isWon"),
            FieldMapping.read("lost", "isLost")));

    public static final StreamDescriptor COMPANIES_STREAM = StreamDescriptor.of(COMPANIES, "company", List.of(
            FieldMapping.both("name", "name"),
            FieldMapping.both("email", "email"),
            FieldMapping.both("phone", "phone"))).withWrite().withCursor("updated_at");

    public static final StreamDescriptor CONTACTS_STREAM = StreamDescriptor.of(CONTACTS, "contact", List.of(
            FieldMapping.both("first_name", "firstName"),
            FieldMapping.both("last_name", "lastName"),
            FieldMapping.both("email", "email"),
            FieldMapping.both("phone", "phone"),
            FieldMapping.both("mobile", "mobile"),
            FieldMapping.both("company", "company"))).withWrite().withCursor("updated_at");

    public static final StreamDescriptor LEADS_STREAM = StreamDescriptor.of(LEADS, "deal", List.of(
            FieldMapping.both("name", "name"),
            FieldMapping.both("price", "amount"),
            FieldMapping.both("pipeline", "pipeline"),
            FieldMapping.both("status", "stage"),
            FieldMapping.read("outcome", "status"),
            FieldMapping.both("responsible_user_id", "owner"),
            FieldMapping.both("company", "company"),
            FieldMapping.both("contact", "contact"),
            FieldMapping.read("closed_at", "amoClosedAt"),
            FieldMapping.read("loss_reason_id", "amoLossReason"),
            FieldMapping.both("tags", "amoTags"))).withWrite().withCursor("updated_at");

    private AmoStreams() {
    }
}
