package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.PlatformException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads end their own transactions with a rollback (nothing to commit), but a caller's transaction they join is the
 * caller's: a read inside a write transaction (a metadata deploy counting the records a step touches, a connector's
 * lookup before its write) must not fail that transaction's commit.
 */
class ReadsInACallersTransactionTest extends RegistryTestSupport {

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aReadInsideAWriteTransactionLeavesItsCommitToTheCaller() {
        String id = inTenant(() -> transactions.execute(status -> {
            DataRecord created = records.create("company", Map.of("name", "Acme"), "alice");
            records.list("company", RecordQuery.firstPage(5).counted());
            records.asOneRead(() -> records.get("company", created.id()));
            return created.id().toString();
        }));

        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).counted())).totalCount()).isEqualTo(1);
        assertThat(id).isNotBlank();
    }

    @Test
    void aFailedReadTheCallerHandlesDoesNotFailItsCommit() {
        inTenant(() -> transactions.execute(status -> {
            records.create("company", Map.of("name", "Acme"), "alice");
            assertThatThrownBy(() -> records.list("no_such_object", RecordQuery.firstPage(5))).isInstanceOf(PlatformException.class);
            return null;
        }));

        assertThat(inTenant(() -> records.list("company", RecordQuery.firstPage(5).counted())).totalCount())
                .as("the caller's write committed").isEqualTo(1);
    }
}
