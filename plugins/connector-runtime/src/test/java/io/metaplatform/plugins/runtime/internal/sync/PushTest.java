package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.api.ConflictException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldProblem;
import io.metaplatform.plugins.api.OutgoingRecord;
import io.metaplatform.plugins.api.RecordRejectedException;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushTest extends SyncTestSupport {

    /** The external system: records by id, each write bumps the version; optimistic locking on updates. */
    final Map<String, ExternalRecord> external = new LinkedHashMap<>();

    @BeforeEach
    void fakeExternalSystem() {
        connector.writer = context -> {
            OutgoingRecord record = context.record();
            String id = record.externalId().orElse("e" + (external.size() + 1));
            ExternalRecord current = external.get(id);
            if (current != null && !current.externalVersion().equals(record.externalVersion())) {
                throw new ConflictException("version " + record.externalVersion().orElse("?") + " is stale");
            }
            String version = String.valueOf(current == null ? 1 : Integer.parseInt(current.externalVersion().orElseThrow()) + 1);
            external.put(id, new ExternalRecord(id, Optional.of(version), record.fields()));
            return WriteResult.of(id, version);
        };
        connector.lookup = context -> Optional.ofNullable(external.get(context.externalId()));
        connector.reader = context -> {
            external.values().forEach(context.sink()::record);
            context.sink().checkpoint(Map.of());
        };
        enablePush("companies");
    }

    @Test
    void createsExternallyTheRecordsMadeAfterPushStartedAndDoesNotPullThemBackAsChanges() {
        inTenant(() -> records.create("company", Map.of("name", "Before push"), "alice"));
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        UUID local = inTenant(() -> records.create("company", Map.of("name", "Local", "customerNumber", "K-9"), "alice")).id();

        assertThat(push("companies")).isEqualTo(new RunCounts(1, 1, 0, 0, 0, 0));

        assertThat(connector.written).singleElement().satisfies(record -> {
            assertThat(record.operation()).isEqualTo(WriteOperation.CREATE);
            assertThat(record.recordId()).isEqualTo(local.toString());
            assertThat(record.fields()).containsEntry("name", "Local").containsEntry("number", "K-9");
        });
        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 0, 1, 0, 0));
        assertThat(names("company")).containsExactly("Before push", "Local");
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        assertThat(connector.written).hasSize(1);
    }

    @Test
    void withAPushFilterExactlyTheRecordsWhereItsFieldIsSetAreCreatedExternallyWhenEverTheyWereCreated() {
        StreamSettings current = streams.get("companies");
        streams.put("companies", new StreamSettings(current.stream(), true, current.targetObject(), current.mappings(),
                current.upsertOn(), current.mode(), true, Optional.of("website")));
        UUID older = inTenant(() -> records.create("company", Map.of("name", "Older, flagged later"), "alice")).id();
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        UUID flagged = inTenant(() -> records.create("company", Map.of("name", "Flagged", "website", "https://flagged.example"), "alice")).id();
        UUID unflagged = inTenant(() -> records.create("company", Map.of("name", "Unflagged"), "alice")).id();
        inTenant(() -> records.update("company", older, Map.of("website", "https://older.example"), null, "alice"));

        assertThat(push("companies").created()).isEqualTo(2);
        assertThat(connector.written).extracting(OutgoingRecord::recordId).containsExactlyInAnyOrder(flagged.toString(), older.toString());

        inTenant(() -> records.update("company", unflagged, Map.of("website", "https://now-flagged.example"), null, "alice"));
        assertThat(push("companies").created()).isEqualTo(1);
        assertThat(connector.written).extracting(OutgoingRecord::recordId).last().isEqualTo(unflagged.toString());
    }

    @Test
    void withoutExternalVersionsTheContentHashKeepsAPushedRecordFromComingBackAsAChange() {
        connector.writer = context -> {
            external.put("n1", new ExternalRecord("n1", Optional.empty(), context.record().fields()));
            return new WriteResult("n1", Optional.empty());
        };
        push("companies");
        inTenant(() -> records.create("company", Map.of("name", "Local", "customerNumber", "K-9", "email", "info@local.example"), "alice"));
        assertThat(push("companies").created()).isEqualTo(1);

        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 0, 1, 0, 0));

        external.put("n1", new ExternalRecord("n1", Optional.empty(), Map.of("name", "Local", "number", "K-9", "mail", "new@local.example")));
        assertThat(pull("companies")).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 0));
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        assertThat(connector.written).hasSize(1);
    }

    @Test
    void updatesLinkedRecordsAndNeverPushesBackWhatTheConnectionItselfWrote() {
        push("companies");
        external.put("1", company("1", "1", "Alpha"));
        pull("companies");

        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        assertThat(connector.written).isEmpty();

        UUID id = byCustomerNumber("K-1").id();
        inTenant(() -> records.update("company", id, Map.of("name", "Alpha Renamed"), null, "alice"));
        assertThat(push("companies")).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 0));

        assertThat(connector.written).singleElement().satisfies(record -> {
            assertThat(record.operation()).isEqualTo(WriteOperation.UPDATE);
            assertThat(record.externalId()).contains("1");
            assertThat(record.externalVersion()).contains("1");
            assertThat(record.fields()).containsEntry("name", "Alpha Renamed");
        });
        assertThat(external.get("1").fields()).containsEntry("name", "Alpha Renamed");
        assertThat(pull("companies").unchanged()).isEqualTo(1);
    }

    @Test
    void retriesAWriteConflictWithTheVersionReReadFromTheExternalSystem() {
        push("companies");
        external.put("1", company("1", "1", "Alpha"));
        pull("companies");
        external.put("1", company("1", "7", "Alpha (changed externally)"));
        UUID id = byCustomerNumber("K-1").id();
        inTenant(() -> records.update("company", id, Map.of("name", "Alpha Local"), null, "alice"));

        assertThat(push("companies")).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 0));

        assertThat(connector.written).extracting(record -> record.externalVersion().orElseThrow()).containsExactly("1", "7");
        assertThat(external.get("1").externalVersion()).contains("8");
        assertThat(external.get("1").fields()).containsEntry("name", "Alpha Local");
    }

    @Test
    void sendsRecordsTheExternalSystemRefusesToDeadLettersAndGoesOn() {
        push("companies");
        var accepting = connector.writer;
        connector.writer = context -> {
            if ("Refused".equals(context.record().fields().get("name"))) {
                throw new RecordRejectedException("422 Unprocessable", List.of(new FieldProblem("name", "BLOCKED", "name is on a block list")));
            }
            return accepting.apply(context);
        };
        UUID refused = inTenant(() -> records.create("company", Map.of("name", "Refused"), "alice")).id();
        inTenant(() -> records.create("company", Map.of("name", "Accepted"), "alice"));

        assertThat(push("companies")).isEqualTo(new RunCounts(2, 1, 0, 0, 0, 1));

        assertThat(external.values()).extracting(record -> record.fields().get("name")).containsExactly("Accepted");
        assertThat(engine.deadLetters(tenant, connection, 10, null).deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.direction()).isEqualTo(DeadLetter.Direction.PUSH);
            assertThat(letter.recordId()).isEqualTo(refused);
            assertThat(letter.reason()).contains("422 Unprocessable");
            assertThat(letter.problems()).containsExactly(new FieldProblem("name", "BLOCKED", "name is on a block list"));
        });
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
    }

    @Test
    void aConnectorThatWritesInBatchesGetsUpToItsSizePerCallAndARefusedRecordDeadLettersAloneWithTheCursorPastTheBatch() {
        push("companies");
        connector.batchSize = 3;
        var accepting = connector.writer;
        connector.writer = context -> {
            if ("Refused".equals(context.record().fields().get("name"))) {
                throw new RecordRejectedException("400 validation-errors", List.of(new FieldProblem("name", "TooLong", "too long")));
            }
            return accepting.apply(context);
        };
        for (String name : List.of("One", "Refused", "Three", "Four", "Five")) {
            inTenant(() -> records.create("company", Map.of("name", name), "alice"));
        }

        assertThat(push("companies")).isEqualTo(new RunCounts(5, 4, 0, 0, 0, 1));

        assertThat(connector.batches).containsExactly(3, 2);
        assertThat(external.values()).extracting(record -> record.fields().get("name")).containsExactly("One", "Three", "Four", "Five");
        assertThat(engine.deadLetters(tenant, connection, 10, null).deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.problems()).containsExactly(new FieldProblem("name", "TooLong", "too long")));
        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        assertThat(connector.batches).containsExactly(3, 2);
    }

    @Test
    void doesNothingWhenPushIsNotEnabledForTheStream() {
        streams.put("companies", settings("companies", "company", TestConnector.COMPANY_MAPPINGS));
        push("companies");
        inTenant(() -> records.create("company", Map.of("name", "Local"), "alice"));

        assertThat(push("companies")).isEqualTo(RunCounts.ZERO);
        assertThat(connector.written).isEmpty();
    }
}
