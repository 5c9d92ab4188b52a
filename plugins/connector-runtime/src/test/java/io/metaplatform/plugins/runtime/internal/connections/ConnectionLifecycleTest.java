package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionChange;
import io.metaplatform.plugins.runtime.ConnectionStatus;
import io.metaplatform.plugins.runtime.NewConnection;
import io.metaplatform.plugins.runtime.StreamOverride;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record2;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** Creating, changing, checking, enabling and deleting connections, with secrets sealed at rest. */
class ConnectionLifecycleTest extends ConnectionsTestSupport {

    @Test
    void secretsAreSealedAtRestAndAnswersOnlySayWhetherTheyAreSet() {
        Connection created = create("CRM", Map.of("apiKey", SECRET, "region", "us"));

        Record2<JSONB, JSONB> stored = inTenant(() -> transactions.execute(status -> db.select(CONNECTOR_CONNECTION.CONFIG, CONNECTOR_CONNECTION.SECRETS)
                .from(CONNECTOR_CONNECTION).where(CONNECTOR_CONNECTION.ID.eq(created.id())).fetchOne()));
        assertThat(stored.value1().data()).contains("\"region\"").doesNotContain(SECRET).doesNotContain("apiKey");
        assertThat(stored.value2().data()).contains("\"apiKey\"", "v1:").doesNotContain(SECRET);
        assertThat(created.secrets()).containsExactly(new Connection.SecretState("apiKey", true), new Connection.SecretState("webhookSecret", false));
        assertThat(created.config()).containsExactly(Map.entry("region", "us"));
        assertThat(created.toString()).doesNotContain(SECRET);
        assertThat(created.status()).isEqualTo(ConnectionStatus.DRAFT);
    }

    @Test
    void aSealedSecretCopiedIntoAnotherConnectionDoesNotOpen() {
        Connection source = create("Source", Map.of("apiKey", TestConnector.GOOD_KEY));
        Connection target = create("Target", Map.of("apiKey", SECRET));
        inTenant(() -> transactions.execute(status -> db.update(CONNECTOR_CONNECTION)
                .set(CONNECTOR_CONNECTION.SECRETS, db.select(CONNECTOR_CONNECTION.SECRETS).from(CONNECTOR_CONNECTION)
                        .where(CONNECTOR_CONNECTION.ID.eq(source.id())).asField())
                .where(CONNECTOR_CONNECTION.ID.eq(target.id())).execute()));

        Connection.Check sourceCheck = inTenant(() -> connections.check(source.id()));
        Connection.Check targetCheck = inTenant(() -> connections.check(target.id()));

        assertThat(sourceCheck.passed()).isTrue();
        assertThat(targetCheck.passed()).isFalse();
        assertThat(targetCheck.message()).contains("apiKey cannot be decrypted").doesNotContain(TestConnector.GOOD_KEY);
    }

    @Test
    void everyConfigurationProblemIsReportedAtOnceWithItsPath() {
        Map<String, String> config = new HashMap<>();
        config.put("region", "mars");
        config.put("baseUrl", "not a url");
        config.put("colour", "blue");

        PlatformException refused = catchPlatform(() -> create(" ", config));

        assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(fields(refused)).containsExactlyInAnyOrder("input.name", "input.config.colour", "input.config.baseUrl",
                "input.config.apiKey", "input.config.region");
        assertThat(codes(refused)).contains("REQUIRED", "UNKNOWN_PROPERTY", "INVALID_URL", "NOT_ALLOWED");
    }

    @Test
    void anUnknownConnectorOrAScheduleTooShortIsRefused() {
        PlatformException unknown = catchPlatform(() -> inTenant(() -> connections.create(
                new NewConnection("nope", "X", Map.of(), List.of(), null), "admin")));
        PlatformException tooShort = catchPlatform(() -> inTenant(() -> connections.create(
                new NewConnection(TestConnector.ID, "X", Map.of("apiKey", SECRET), List.of(), "PT5S"), "admin")));

        assertThat(fields(unknown)).containsExactly("input.connector");
        assertThat(fields(tooShort)).containsExactly("input.scheduleInterval");
        assertThat(codes(tooShort)).containsExactly("TOO_SHORT");
    }

    @Test
    void streamOverridesMustFitTheTenantsObjects() {
        List<StreamOverride> streams = List.of(
                new StreamOverride("companies", null, "spaceship", null, null, null, null, null),
                new StreamOverride("people", null, null, List.of(FieldMapping.read("shoeSize", "shoeSize")), "nickname", null, true, "vip"),
                new StreamOverride("ghosts", null, null, null, null, null, null, null));

        PlatformException refused = catchPlatform(() -> inTenant(() -> connections.create(
                new NewConnection(TestConnector.ID, "X", Map.of("apiKey", SECRET), streams, null), "admin")));

        assertThat(fields(refused)).containsExactlyInAnyOrder("input.streams.ghosts", "input.streams.companies.targetObject",
                "input.streams.people.mappings", "input.streams.people.upsertOn", "input.streams.people.pushFilter");
    }

    @Test
    void streamSettingsApplyOverridesToTheConnectorsDefaults() {
        Connection created = inTenant(() -> connections.create(new NewConnection(TestConnector.ID, "X", Map.of("apiKey", SECRET),
                List.of(new StreamOverride("people", null, null, null, "customerNumber", null, true, null)), null), "admin"));

        assertThat(created.streams()).extracting(settings -> settings.stream() + "->" + settings.targetObject() + " push=" + settings.push()
                + " upsert=" + settings.upsertOn().orElse("-") + " " + settings.mode())
                .containsExactly("companies->company push=false upsert=- FULL", "people->contact push=true upsert=customerNumber FULL");
    }

    @Test
    void aNameIsUniqueInTheTenantOnly() {
        create("CRM", Map.of("apiKey", SECRET));

        PlatformException taken = catchPlatform(() -> create("CRM", Map.of("apiKey", SECRET)));
        Connection elsewhere = as(TenantId.random(), () -> connections.create(
                new NewConnection(TestConnector.ID, "CRM", Map.of("apiKey", SECRET), List.of(), null), "admin"));

        assertThat(taken.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(fields(taken)).containsExactly("input.name");
        assertThat(elsewhere.name()).isEqualTo("CRM");
    }

    @Test
    void enablingNeedsAPassingCheckAndCallsTheConnector() {
        Connection created = create("CRM", Map.of("apiKey", SECRET));

        PlatformException unchecked = catchPlatform(() -> inTenant(() -> connections.enable(created.id())));
        Connection.Check failed = inTenant(() -> connections.check(created.id()));
        PlatformException afterFailedCheck = catchPlatform(() -> inTenant(() -> connections.enable(created.id())));
        inTenant(() -> connections.update(created.id(), new ConnectionChange(null, Map.of("apiKey", TestConnector.GOOD_KEY), List.of(), null), "admin"));
        Connection.Check passed = inTenant(() -> connections.check(created.id()));
        Connection enabled = inTenant(() -> connections.enable(created.id()));

        assertThat(unchecked.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.message()).contains("refused").doesNotContain(SECRET);
        assertThat(afterFailedCheck.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(passed.passed()).isTrue();
        assertThat(enabled.status()).isEqualTo(ConnectionStatus.ENABLED);
        assertThat(enabled.nextRunAt()).isPresent();
        assertThat(connector.enabled).contains(created.id().toString());
    }

    @Test
    void aFailingOnEnableKeepsTheConnectionDisabledAndNamesNoSecret() {
        Connection created = create("CRM", Map.of("apiKey", TestConnector.GOOD_KEY));
        inTenant(() -> connections.check(created.id()));
        connector.failOnEnable = true;
        try {
            PlatformException refused = catchPlatform(() -> inTenant(() -> connections.enable(created.id())));

            assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(refused.getMessage()).contains("could not be created").doesNotContain(TestConnector.GOOD_KEY);
            assertThat(inTenant(() -> connections.get(created.id())).status()).isEqualTo(ConnectionStatus.DRAFT);
        } finally {
            connector.failOnEnable = false;
        }
    }

    @Test
    void anUpdateKeepsSecretsLeftOutAndClearsTheLastCheck() {
        Connection enabled = enabled("CRM");

        Connection renamed = inTenant(() -> connections.update(enabled.id(), new ConnectionChange("CRM 2", Map.of("region", "us"), List.of(), null), "admin"));
        Connection.Check check = inTenant(() -> connections.check(enabled.id()));
        Map<String, String> clear = new HashMap<>();
        clear.put("apiKey", null);
        PlatformException cleared = catchPlatform(() -> inTenant(() -> connections.update(enabled.id(),
                new ConnectionChange(null, clear, List.of(), null), "admin")));
        Connection unscheduled = inTenant(() -> connections.update(enabled.id(), new ConnectionChange(null, Map.of(), List.of(), Optional.empty()), "admin"));

        assertThat(renamed.name()).isEqualTo("CRM 2");
        assertThat(renamed.lastCheck()).isEmpty();
        assertThat(renamed.secrets()).contains(new Connection.SecretState("apiKey", true));
        assertThat(check.passed()).as("the kept key still opens").isTrue();
        assertThat(fields(cleared)).containsExactly("input.config.apiKey");
        assertThat(unscheduled.scheduleInterval()).isEmpty();
        assertThat(unscheduled.nextRunAt()).isEmpty();
    }

    @Test
    void disablingCallsTheConnectorAndDeletingRemovesTheConnection() {
        Connection enabled = enabled("CRM");

        Connection disabled = inTenant(() -> connections.disable(enabled.id()));
        inTenant(() -> {
            connections.delete(enabled.id());
            return null;
        });

        assertThat(disabled.status()).isEqualTo(ConnectionStatus.DISABLED);
        assertThat(disabled.nextRunAt()).isEmpty();
        assertThat(connector.disabled).contains(enabled.id().toString());
        assertThat(catchPlatform(() -> inTenant(() -> connections.get(enabled.id()))).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(inTenant(() -> connections.list())).isEmpty();
    }

    @Test
    void anotherTenantNeverSeesOrTouchesTheConnection() {
        Connection mine = enabled("CRM");
        TenantId other = TenantId.random();

        assertThat(as(other, () -> connections.list())).isEmpty();
        assertThat(List.<Runnable>of(
                () -> as(other, () -> connections.get(mine.id())),
                () -> as(other, () -> connections.update(mine.id(), new ConnectionChange("Mine now", Map.of(), List.of(), null), "x")),
                () -> as(other, () -> connections.check(mine.id())),
                () -> as(other, () -> connections.disable(mine.id())),
                () -> as(other, () -> connections.runNow(mine.id())),
                () -> as(other, () -> connections.runs(mine.id(), 10, null))))
                .allSatisfy(call -> assertThat(catchPlatform(call::run).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(inTenant(() -> connections.get(mine.id())).name()).isEqualTo("CRM");
        assertThat(inTenant(() -> connections.get(mine.id())).status()).isEqualTo(ConnectionStatus.ENABLED);
    }

    static PlatformException catchPlatform(Runnable call) {
        try {
            call.run();
        } catch (PlatformException e) {
            return e;
        }
        throw new AssertionError("expected a PlatformException");
    }

    static PlatformException catchPlatform(java.util.function.Supplier<?> call) {
        return catchPlatform((Runnable) call::get);
    }
}
