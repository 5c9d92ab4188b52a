package io.metaplatform.plugins.runtime.internal.connections;

import static io.metaplatform.plugins.runtime.internal.jooq.Tables.CONNECTOR_UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.plugins.runtime.Connection;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.RunStatus;
import io.metaplatform.plugins.runtime.internal.sync.RunCounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A run started with an uploaded file hands it to the connector and keeps it only while it may still be needed. */
class UploadRunTest extends ConnectionsTestSupport {

    private static final byte[] FILE = "id,name\n1,ACME\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void theConnectorReadsTheUploadAndASucceededRunDeletesIt() {
        Connection connection = enabled("Upload");
        Map<String, String> seen = new ConcurrentHashMap<>();
        runner.script(connection.id(), (job, stream) -> {
            job.upload().ifPresent(file -> seen.put(stream, read(file.get())));
            return RunCounts.ZERO;
        });

        ConnectionRun started = inTenant(() -> connections.runWithUpload(connection.id(), "text/csv", FILE));
        ConnectionRun finished = finishedRun(connection.id());

        assertThat(finished.id()).isEqualTo(started.id());
        assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen).containsEntry("companies", new String(FILE, StandardCharsets.UTF_8));
        assertThat(uploads(started.id())).isZero();
    }

    @Test
    void aFailedRunKeepsItsUploadAndARunWithoutOneGetsNone() {
        Connection connection = enabled("Failing upload");
        runner.script(connection.id(), (job, stream) -> {
            throw new io.metaplatform.plugins.api.ConnectorException("no");
        });
        ConnectionRun failed = inTenant(() -> connections.runWithUpload(connection.id(), "text/csv", FILE));
        finishedRun(connection.id());
        Map<String, Boolean> uploaded = new ConcurrentHashMap<>();
        runner.script(connection.id(), (job, stream) -> {
            uploaded.put(stream, job.upload().isPresent());
            return RunCounts.ZERO;
        });

        inTenant(() -> connections.runNow(connection.id()));
        finishedRun(connection.id());

        assertThat(uploads(failed.id())).isEqualTo(1);
        assertThat(uploaded).containsEntry("companies", false);
    }

    @Test
    void anEmptyFileOrADraftConnectionStartsNoRunAndStoresNothing() {
        Connection enabled = enabled("Empty");
        Connection draft = create("Draft", Map.of("apiKey", TestConnector.GOOD_KEY));

        assertThatThrownBy(() -> inTenant(() -> connections.runWithUpload(enabled.id(), "text/csv", new byte[0])))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(fields(e)).containsExactly("file"));
        assertThatThrownBy(() -> inTenant(() -> connections.runWithUpload(draft.id(), "text/csv", FILE)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(lastRun(enabled.id())).isEmpty();
        int stored = inTenant(() -> transactions.execute(status -> db.fetchCount(CONNECTOR_UPLOAD,
                CONNECTOR_UPLOAD.CONNECTION_ID.in(enabled.id(), draft.id()))));
        assertThat(stored).isZero();
    }

    private int uploads(UUID run) {
        return inTenant(() -> transactions.execute(status -> db.fetchCount(CONNECTOR_UPLOAD, CONNECTOR_UPLOAD.RUN_ID.eq(run))));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
